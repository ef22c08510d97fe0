// /admin: the town's data. Administrators edit; managers read (the forms stay hidden, and the API
// refuses them anyway). Everything shown goes through el(), which only sets text.
import { announce, api, currentLang, el, formatDate, startPage } from '/inbox-assets/common.js'

const TEXTS = {
  fr: {
    title: 'Données de la commune', navAdmin: 'Commune', readOnly: 'Vous pouvez consulter ces données ; seul un administrateur peut les modifier.',
    faqTitle: 'Questions fréquentes et redirections', question: 'Question', answer: 'Réponse', redirectTo: 'Rediriger vers', active: 'Active', actions: 'Actions',
    newFaq: 'Nouvelle question', editFaq: 'Modifier la question', questionsFr: 'Questions en français (une par ligne)', questionsEn: 'Questions en anglais (une par ligne)',
    answerFr: 'Réponse en français', answerEn: 'Réponse en anglais', link: 'Lien (facultatif)', tags: 'Mots-clés (séparés par des virgules)',
    redirectName: 'Organisme compétent, pour une redirection (facultatif)', redirectContact: 'Comment le joindre', activeLabel: 'Active (l’assistant s’en sert)',
    save: 'Enregistrer', edit: 'Modifier', remove: 'Supprimer', yes: 'oui', no: 'non', saved: 'Enregistré.', removed: 'Supprimé.',
    closuresTitle: 'Fermetures et ouvertures exceptionnelles', place: 'Lieu', from: 'Du', to: 'Au', kind: 'Type', note: 'Note publique', newClosure: 'Nouvelle fermeture',
    fromHelp: 'Du (AAAA-MM-JJ ou AAAA-MM-JJTHH:MM)', toHelp: 'Au (jour inclus, ou heure de fin)', openInstead: 'Ouverture exceptionnelle (au lieu d’une fermeture)',
    noteFr: 'Note publique en français', noteEn: 'Note publique en anglais', add: 'Ajouter', closed: 'Fermeture', opened: 'Ouverture',
    placesTitle: 'Lieux et horaires', hoursHelp: 'Horaires au format OpenStreetMap, par exemple « Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00; PH off ».',
    address: 'Adresse', hours: 'Horaires', hoursOf: 'Horaires de',
    servicesTitle: 'Services et catégories de demandes', code: 'Code', name: 'Nom', emailCol: 'E-mail', phone: 'Téléphone', service: 'Service', visibility: 'Visibilité Open311',
    public: 'publique', private: 'privée', visibilityOf: 'Visibilité de',
    feedsTitle: 'Flux', feed: 'Flux', state: 'État', lastSuccess: 'Dernière lecture réussie', lastError: 'Dernière erreur', items: 'Éléments', ok: 'OK', failing: 'En erreur',
    pollNow: 'Lire maintenant', noFeed: 'Aucun flux configuré (TOWN_EVENTS_ICS_URL).', never: 'jamais',
    fileTitle: 'Fichier de la commune', download: 'Télécharger le fichier de la commune (YAML)', uploadLabel: 'Remplacer toutes les données par un fichier (YAML ou JSON)', upload: 'Importer',
    imported: 'Fichier importé.', notImported: 'Fichier refusé, rien n’a changé :',
  },
  en: {
    title: 'Town data', navAdmin: 'Town', readOnly: 'You can read these data; only an administrator can change them.',
    faqTitle: 'Frequent questions and redirections', question: 'Question', answer: 'Answer', redirectTo: 'Redirect to', active: 'Active', actions: 'Actions',
    newFaq: 'New question', editFaq: 'Edit the question', questionsFr: 'Questions in French (one per line)', questionsEn: 'Questions in English (one per line)',
    answerFr: 'Answer in French', answerEn: 'Answer in English', link: 'Link (optional)', tags: 'Tags (comma separated)',
    redirectName: 'Body that handles it, for a redirection (optional)', redirectContact: 'How to reach it', activeLabel: 'Active (the assistant uses it)',
    save: 'Save', edit: 'Edit', remove: 'Delete', yes: 'yes', no: 'no', saved: 'Saved.', removed: 'Deleted.',
    closuresTitle: 'Closures and exceptional openings', place: 'Place', from: 'From', to: 'To', kind: 'Kind', note: 'Public note', newClosure: 'New closure',
    fromHelp: 'From (YYYY-MM-DD or YYYY-MM-DDTHH:MM)', toHelp: 'To (day included, or end time)', openInstead: 'Exceptional opening (instead of a closure)',
    noteFr: 'Public note in French', noteEn: 'Public note in English', add: 'Add', closed: 'Closure', opened: 'Opening',
    placesTitle: 'Places and opening hours', hoursHelp: 'Hours in OpenStreetMap syntax, e.g. "Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00; PH off".',
    address: 'Address', hours: 'Hours', hoursOf: 'Hours of',
    servicesTitle: 'Services and request categories', code: 'Code', name: 'Name', emailCol: 'Email', phone: 'Phone', service: 'Service', visibility: 'Open311 visibility',
    public: 'public', private: 'private', visibilityOf: 'Visibility of',
    feedsTitle: 'Feeds', feed: 'Feed', state: 'State', lastSuccess: 'Last successful read', lastError: 'Last error', items: 'Items', ok: 'OK', failing: 'Failing',
    pollNow: 'Read now', noFeed: 'No feed configured (TOWN_EVENTS_ICS_URL).', never: 'never',
    fileTitle: 'Town file', download: 'Download the town file (YAML)', uploadLabel: 'Replace all data with a file (YAML or JSON)', upload: 'Import',
    imported: 'File imported.', notImported: 'File refused, nothing changed:',
  },
}
const a = key => TEXTS[currentLang()][key] ?? key
const $ = id => document.getElementById(id)
let isAdmin = false
let faqs = []

function applyAdminTexts () {
  for (const node of document.querySelectorAll('[data-a]')) node.textContent = a(node.dataset.a)
  document.title = `${a('title')} – Mairie`
}

function showErrors (list, error) {
  const details = error.details ?? []
  list.replaceChildren(el('li', {}, error.message), ...details.map(d => el('li', {}, `${d.path}: ${d.message}`)))
}

// api() of common.js drops the details of a 400: this one keeps them.
async function send (method, url, body, contentType = 'application/json') {
  const res = await fetch(url, { method, credentials: 'same-origin', headers: { accept: 'application/json', 'content-type': contentType, 'x-csrf-token': window.adminCsrf ?? '' }, body: contentType === 'application/json' ? JSON.stringify(body) : body })
  const data = res.status === 204 ? undefined : await res.json().catch(() => undefined)
  if (!res.ok) { const error = new Error(data?.message ?? res.statusText); error.details = data?.details; throw error }
  return data
}

const lines = text => text.split('\n').map(s => s.trim()).filter(Boolean)
const optional = text => text.trim() === '' ? undefined : text.trim()

async function loadFaq () {
  faqs = (await api('GET', '/api/town/faq')).faq
  $('faq-table').tBodies[0].replaceChildren(...faqs.map(f => el('tr', {},
    el('td', {}, f.questions.fr[0] ?? ''),
    el('td', { class: 'text' }, currentLang() === 'en' ? f.answer.en : f.answer.fr),
    el('td', {}, f.redirect ? `${f.redirect.name} (${f.redirect.contact})` : ''),
    el('td', {}, f.active ? a('yes') : a('no')),
    el('td', {}, isAdmin ? [
      el('button', { type: 'button', class: 'link', onclick: () => editFaq(f) }, `${a('edit')}`, el('span', { class: 'visually-hidden' }, ` ${f.questions.fr[0] ?? f.id}`)), ' ',
      el('button', { type: 'button', class: 'link', onclick: () => removeFaq(f) }, `${a('remove')}`, el('span', { class: 'visually-hidden' }, ` ${f.questions.fr[0] ?? f.id}`)),
    ] : []))))
}

function editFaq (f) {
  $('faq-id').value = f?.id ?? ''
  $('faq-form-title').textContent = a(f ? 'editFaq' : 'newFaq')
  $('faq-questions-fr').value = f ? f.questions.fr.join('\n') : ''
  $('faq-questions-en').value = f ? f.questions.en.join('\n') : ''
  $('faq-answer-fr').value = f?.answer.fr ?? ''
  $('faq-answer-en').value = f?.answer.en ?? ''
  $('faq-link').value = f?.link ?? ''
  $('faq-tags').value = f ? f.tags.join(', ') : ''
  $('faq-redirect-name').value = f?.redirect?.name ?? ''
  $('faq-redirect-contact').value = f?.redirect?.contact ?? ''
  $('faq-active').checked = f ? f.active : true
  $('faq-errors').replaceChildren()
  $('faq-questions-fr').focus()
}

async function saveFaq (event) {
  event.preventDefault()
  const id = $('faq-id').value
  const redirectName = optional($('faq-redirect-name').value)
  const body = {
    questions: { fr: lines($('faq-questions-fr').value), en: lines($('faq-questions-en').value) },
    answer: { fr: $('faq-answer-fr').value.trim(), en: optional($('faq-answer-en').value) },
    link: optional($('faq-link').value), tags: $('faq-tags').value.split(',').map(s => s.trim()).filter(Boolean), active: $('faq-active').checked,
    redirect: redirectName ? { name: redirectName, contact: $('faq-redirect-contact').value.trim() } : null,
  }
  try {
    await send(id ? 'PUT' : 'POST', id ? `/api/town/faq/${encodeURIComponent(id)}` : '/api/town/faq', body)
    editFaq(null)
    await loadFaq()
    announce(a('saved'))
  } catch (error) { showErrors($('faq-errors'), error) }
}

async function removeFaq (f) {
  await send('DELETE', `/api/town/faq/${encodeURIComponent(f.id)}`)
  await loadFaq()
  announce(a('removed'))
}

async function loadClosures () {
  const { closures } = await api('GET', '/api/town/closures')
  $('closures-table').tBodies[0].replaceChildren(...closures.map(c => el('tr', {},
    el('td', {}, c.place), el('td', {}, c.from), el('td', {}, c.to), el('td', {}, a(c.open ? 'opened' : 'closed')),
    el('td', { class: 'text' }, c.note ? (currentLang() === 'en' ? c.note.en : c.note.fr) : ''),
    el('td', {}, isAdmin ? el('button', { type: 'button', class: 'link', onclick: () => removeClosure(c) }, a('remove'), el('span', { class: 'visually-hidden' }, ` ${c.place} ${c.from}`)) : ''))))
}

async function removeClosure (c) {
  await send('DELETE', `/api/town/closures/${encodeURIComponent(c.id)}`)
  await loadClosures()
  announce(a('removed'))
}

async function addClosure (event) {
  event.preventDefault()
  const noteFr = optional($('closure-note-fr').value)
  const body = { place: $('closure-place').value, from: $('closure-from').value.trim(), to: optional($('closure-to').value), open: $('closure-open').checked, note: noteFr ? { fr: noteFr, en: optional($('closure-note-en').value) ?? noteFr } : undefined }
  try {
    await send('POST', '/api/town/closures', body)
    $('closure-form').reset()
    $('closure-errors').replaceChildren()
    await loadClosures()
    announce(a('saved'))
  } catch (error) { showErrors($('closure-errors'), error) }
}

async function loadPlaces () {
  const { places } = await api('GET', '/api/town/places')
  $('closure-place').replaceChildren(...places.map(p => el('option', { value: p.code }, p.name.fr)))
  $('places-table').tBodies[0].replaceChildren(...places.map(p => {
    const input = el('input', { class: 'hours', value: p.openingHours, 'aria-label': `${a('hoursOf')} ${p.name.fr}`, readonly: !isAdmin })
    const errors = el('ul', { class: 'errors', 'aria-live': 'polite' })
    const save = async () => {
      try {
        await send('PATCH', `/api/town/places/${encodeURIComponent(p.code)}`, { openingHours: input.value.trim() })
        errors.replaceChildren()
        announce(a('saved'))
      } catch (error) { showErrors(errors, error) }
    }
    return el('tr', {}, el('td', {}, p.name[currentLang()] ?? p.name.fr), el('td', {}, p.address), el('td', {}, input, errors),
      el('td', {}, isAdmin ? el('button', { type: 'button', onclick: save }, a('save'), el('span', { class: 'visually-hidden' }, ` ${p.name.fr}`)) : ''))
  }))
}

async function loadServices () {
  const { services, categories } = await api('GET', '/api/town/services')
  $('services-table').tBodies[0].replaceChildren(...services.map(s => {
    const email = el('input', { type: 'email', value: s.email ?? '', 'aria-label': `${a('emailCol')} – ${s.name.fr}`, readonly: !isAdmin })
    const phone = el('input', { value: s.phone ?? '', 'aria-label': `${a('phone')} – ${s.name.fr}`, readonly: !isAdmin })
    const errors = el('ul', { class: 'errors', 'aria-live': 'polite' })
    const save = async () => {
      try {
        await send('PATCH', `/api/town/services/${encodeURIComponent(s.code)}`, { email: email.value.trim() || null, phone: phone.value.trim() || null })
        errors.replaceChildren()
        announce(a('saved'))
      } catch (error) { showErrors(errors, error) }
    }
    return el('tr', {}, el('td', {}, s.code), el('td', {}, s.name[currentLang()] ?? s.name.fr), el('td', {}, email, errors), el('td', {}, phone),
      el('td', {}, isAdmin ? el('button', { type: 'button', onclick: save }, a('save'), el('span', { class: 'visually-hidden' }, ` ${s.name.fr}`)) : ''))
  }))
  $('categories-table').tBodies[0].replaceChildren(...categories.map(c => {
    const select = el('select', { 'aria-label': `${a('visibilityOf')} ${c.name.fr}`, disabled: !isAdmin, onchange: async () => {
      await send('PATCH', `/api/town/categories/${encodeURIComponent(c.code)}`, { visibility: select.value })
      announce(a('saved'))
    } }, ...['public', 'private'].map(v => el('option', { value: v, selected: v === c.visibility }, a(v))))
    return el('tr', {}, el('td', {}, c.code), el('td', {}, c.name[currentLang()] ?? c.name.fr), el('td', {}, c.kind), el('td', {}, c.service), el('td', {}, select))
  }))
}

async function loadFeeds () {
  const { feeds } = await api('GET', '/api/town/feeds')
  const rows = feeds.map(f => el('tr', {},
    el('td', {}, f.name, el('br'), el('span', { class: 'text' }, f.url ?? '')),
    el('td', { class: f.ok ? '' : 'state-error' }, a(f.ok ? 'ok' : 'failing')),
    el('td', {}, f.lastSuccessAt ? formatDate(f.lastSuccessAt) : a('never')),
    el('td', { class: 'text' }, f.lastErrorAt ? `${formatDate(f.lastErrorAt)} : ${f.lastError ?? ''}` : ''),
    el('td', {}, String(f.itemCount)),
    el('td', {}, isAdmin && f.name === 'events_ics' ? el('button', { type: 'button', onclick: async () => { await send('POST', '/api/town/feeds/events_ics/poll', {}); await loadFeeds() } }, a('pollNow')) : '')))
  $('feeds-table').tBodies[0].replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 6 }, a('noFeed')))]))
}

async function upload (event) {
  event.preventDefault()
  const file = $('upload-file').files[0]
  if (!file) return
  const text = await file.text()
  try {
    await send('PUT', '/api/town', text, file.name.endsWith('.json') ? 'application/json' : 'application/yaml')
    $('upload-errors').replaceChildren()
    announce(a('imported'))
    await loadAll()
  } catch (error) {
    error.message = `${a('notImported')} ${error.message}`
    showErrors($('upload-errors'), error)
  }
}

const loadAll = () => Promise.all([loadFaq(), loadClosures(), loadPlaces(), loadServices(), loadFeeds()])

startPage(async agent => {
  isAdmin = agent.role === 'admin'
  window.adminCsrf = (await api('GET', '/api/auth/me')).csrfToken
  applyAdminTexts()
  $('read-only').hidden = isAdmin
  for (const form of document.querySelectorAll('.admin-only')) form.hidden = !isAdmin
  $('faq-form').addEventListener('submit', saveFaq)
  $('faq-reset').addEventListener('click', () => editFaq(null))
  $('closure-form').addEventListener('submit', addClosure)
  $('upload-form').addEventListener('submit', upload)
  document.addEventListener('langchange', () => { applyAdminTexts(); loadAll() })
  await loadAll()
})
applyAdminTexts()

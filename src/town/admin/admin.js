// /admin: the town's data. Administrators edit; managers read (the forms stay hidden, and the API
// refuses them anyway). Everything shown goes through el(), which only sets text.
import { announce, api, currentLang, el, formatDate, startPage } from '/inbox-assets/common.js'

const TEXTS = {
  fr: {
    title: 'Données de la commune', readOnly: 'Vous pouvez consulter ces données ; seul un administrateur peut les modifier.',
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
    serviceHours: 'Heures de travail', serviceHoursHelp: 'Heures où le service répond aux demandes (format OpenStreetMap). Vides : celles de la mairie. Elles disent au citoyen quand une personne lui répondra et comptent le temps d’attente affiché aux agents.',
    serviceHoursOf: 'Heures de travail –', mairieHours: 'celles de la mairie',
    settingsTitle: 'Réglages', satisfactionLabel: 'Demander « Êtes-vous satisfait·e du traitement ? 1 à 5 » quand une demande est résolue (jamais pendant les heures calmes, jamais après STOP)',
    feedsTitle: 'Flux', feed: 'Flux', state: 'État', lastSuccess: 'Dernière lecture réussie', lastError: 'Dernière erreur', items: 'Éléments', ok: 'OK', failing: 'En erreur',
    pollNow: 'Lire maintenant', noFeed: 'Aucun flux configuré (TOWN_EVENTS_ICS_URL).', never: 'jamais',
    fileTitle: 'Fichier de la commune', download: 'Télécharger le fichier de la commune (YAML)', uploadLabel: 'Remplacer toutes les données par un fichier (YAML ou JSON)', upload: 'Importer',
    imported: 'Fichier importé.', notImported: 'Fichier refusé, rien n’a changé :',
    menusTitle: 'Menus de la cantine', date: 'Date', starter: 'Entrée', main: 'Plat', side: 'Accompagnement', dessert: 'Dessert', newMenu: 'Nouveau menu',
    dateHelp: 'Date (AAAA-MM-JJ)', addMenu: 'Ajouter le menu', noMenu: 'Aucun menu daté (les menus du cycle s’appliquent).',
    eventsTitle: 'Agenda', eventsHelp: 'Les événements du flux iCalendar ne sont pas listés ici : ils se modifient dans le calendrier d’origine.',
    eventTitle: 'Titre', eventPlace: 'Lieu de l’événement', eventLink: 'Lien vers l’événement (facultatif)', start: 'Début', category: 'Catégorie', description: 'Description', newEvent: 'Nouvel événement',
    startHelp: 'Début (AAAA-MM-JJ ou AAAA-MM-JJTHH:MM)', endHelp: 'Fin (facultatif)', rruleHelp: 'Répétition (RRULE, facultatif, par exemple FREQ=WEEKLY;BYDAY=SA)',
    addEvent: 'Ajouter l’événement', noEvent: 'Aucun événement.',
    wasteTitle: 'Collecte des déchets', zone: 'Secteur', streets: 'Rues', collections: 'Collectes', newZone: 'Nouveau secteur de collecte',
    zoneCode: 'Code (lettres minuscules, chiffres, - ou _)', zoneName: 'Nom du secteur', streetsHelp: 'Rues (une par ligne)',
    collectionsHelp: 'Collectes, une par ligne : flux : jours (household: tue, fri) ou règle (bulky: le premier mardi du mois)', addZone: 'Ajouter le secteur', noZone: 'Aucun secteur.',
  },
  en: {
    title: 'Town data', readOnly: 'You can read these data; only an administrator can change them.',
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
    serviceHours: 'Working hours', serviceHoursHelp: 'When the service answers requests (OpenStreetMap syntax). Empty: the town hall’s. They tell citizens when a person will answer and drive the waiting time agents see.',
    serviceHoursOf: 'Working hours –', mairieHours: 'the town hall’s',
    settingsTitle: 'Settings', satisfactionLabel: 'Ask “Are you satisfied with how it was handled? 1 to 5” when a request is resolved (never in quiet hours, never after STOP)',
    feedsTitle: 'Feeds', feed: 'Feed', state: 'State', lastSuccess: 'Last successful read', lastError: 'Last error', items: 'Items', ok: 'OK', failing: 'Failing',
    pollNow: 'Read now', noFeed: 'No feed configured (TOWN_EVENTS_ICS_URL).', never: 'never',
    fileTitle: 'Town file', download: 'Download the town file (YAML)', uploadLabel: 'Replace all data with a file (YAML or JSON)', upload: 'Import',
    imported: 'File imported.', notImported: 'File refused, nothing changed:',
    menusTitle: 'Canteen menus', date: 'Date', starter: 'Starter', main: 'Main course', side: 'Side', dessert: 'Dessert', newMenu: 'New menu',
    dateHelp: 'Date (YYYY-MM-DD)', addMenu: 'Add the menu', noMenu: 'No dated menu (the menu cycle applies).',
    eventsTitle: 'Events', eventsHelp: 'Events of the iCalendar feed are not listed here: change them in their own calendar.',
    eventTitle: 'Title', eventPlace: 'Place of the event', eventLink: 'Link to the event (optional)', start: 'Start', category: 'Category', description: 'Description', newEvent: 'New event',
    startHelp: 'Start (YYYY-MM-DD or YYYY-MM-DDTHH:MM)', endHelp: 'End (optional)', rruleHelp: 'Repeat (RRULE, optional, e.g. FREQ=WEEKLY;BYDAY=SA)',
    addEvent: 'Add the event', noEvent: 'No event.',
    wasteTitle: 'Waste collection', zone: 'Zone', streets: 'Streets', collections: 'Collections', newZone: 'New collection zone',
    zoneCode: 'Code (lower-case letters, digits, - or _)', zoneName: 'Zone name', streetsHelp: 'Streets (one per line)',
    collectionsHelp: 'Collections, one per line: stream: days (household: tue, fri) or rule (bulky: le premier mardi du mois)', addZone: 'Add the zone', noZone: 'No zone.',
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
    const hours = el('input', { class: 'hours', value: s.openingHours ?? '', placeholder: a('mairieHours'), 'aria-label': `${a('serviceHoursOf')} ${s.name.fr}`, 'aria-describedby': 'service-hours-help', readonly: !isAdmin })
    const errors = el('ul', { class: 'errors', 'aria-live': 'polite' })
    const save = async () => {
      try {
        await send('PATCH', `/api/town/services/${encodeURIComponent(s.code)}`, { email: email.value.trim() || null, phone: phone.value.trim() || null, openingHours: hours.value.trim() })
        errors.replaceChildren()
        announce(a('saved'))
      } catch (error) { showErrors(errors, error) }
    }
    return el('tr', {}, el('td', {}, s.code), el('td', {}, s.name[currentLang()] ?? s.name.fr), el('td', {}, email, errors), el('td', {}, phone), el('td', {}, hours),
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

// Menus, events and waste zones: each is one section of the town file, replaced as a whole
// (PUT /api/town/<section>: the same checks, transaction and audit as an import; errors name the field).
const section = async name => (await api('GET', `/api/town/${name}`))[name]
const replaceSection = (name, list) => send('PUT', `/api/town/${name}`, { [name]: list })
const empty = (text, columns) => el('tr', {}, el('td', { colspan: columns }, a(text)))
const removeButton = (label, onclick) => isAdmin ? el('button', { type: 'button', class: 'link', onclick }, a('remove'), el('span', { class: 'visually-hidden' }, ` ${label}`)) : ''

async function sectionChange (name, change, errors) {
  try {
    await replaceSection(name, change(await section(name)))
    errors.replaceChildren()
    announce(a('saved'))
    return true
  } catch (error) { showErrors(errors, error); return false }
}

async function loadMenus () {
  const menus = await section('menus')
  $('menus-table').tBodies[0].replaceChildren(...(menus.length ? menus.map(m => el('tr', {},
    el('td', {}, m.date), el('td', { class: 'text' }, m.starter ?? ''), el('td', { class: 'text' }, m.main), el('td', { class: 'text' }, m.side ?? ''), el('td', { class: 'text' }, m.dessert ?? ''),
    el('td', {}, removeButton(m.date, async () => { if (await sectionChange('menus', list => list.filter(x => x.date !== m.date), $('menu-errors'))) await loadMenus() })))) : [empty('noMenu', 6)]))
}

async function addMenu (event) {
  event.preventDefault()
  const menu = { date: $('menu-date').value.trim(), starter: optional($('menu-starter').value) ?? null, main: $('menu-main').value.trim(), side: optional($('menu-side').value) ?? null, dessert: optional($('menu-dessert').value) ?? null, notes: null }
  if (await sectionChange('menus', list => [...list.filter(x => x.date !== menu.date), menu].sort((x, y) => x.date.localeCompare(y.date)), $('menu-errors'))) {
    $('menu-form').reset()
    await loadMenus()
  }
}

const sameEvent = (x, y) => x.title === y.title && x.start === y.start
async function loadEvents () {
  const events = await section('events')
  $('events-table').tBodies[0].replaceChildren(...(events.length ? events.map(e => el('tr', {},
    el('td', { class: 'text' }, e.title), el('td', {}, e.end ? `${e.start} → ${e.end}` : e.start, e.rrule ? el('br') : '', e.rrule ?? ''), el('td', { class: 'text' }, e.place ?? ''), el('td', { class: 'text' }, e.category ?? ''),
    el('td', {}, removeButton(`${e.title} ${e.start}`, async () => { if (await sectionChange('events', list => list.filter(x => !sameEvent(x, e)), $('event-errors'))) await loadEvents() })))) : [empty('noEvent', 5)]))
}

async function addEvent (event) {
  event.preventDefault()
  const added = {
    title: $('event-title').value.trim(), start: $('event-start').value.trim(), end: optional($('event-end').value) ?? null, place: optional($('event-place').value) ?? null,
    category: optional($('event-category').value) ?? null, description: optional($('event-description').value) ?? null, link: optional($('event-link').value) ?? null, rrule: optional($('event-rrule').value) ?? null,
  }
  if (await sectionChange('events', list => [...list, added], $('event-errors'))) {
    $('event-form').reset()
    await loadEvents()
  }
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
/** "household: tue, fri" → days; "bulky: le premier mardi du mois" → a rule. */
function collectionOf (line) {
  const [stream, ...rest] = line.split(':')
  const what = rest.join(':').trim()
  const days = what.split(/[\s,]+/).map(d => d.toLowerCase()).filter(Boolean)
  return days.length && days.every(d => WEEKDAYS.includes(d)) ? { stream: stream.trim(), days, rule: null, notes: null } : { stream: stream.trim(), days: [], rule: what || null, notes: null }
}

async function loadWaste () {
  const zones = await section('wasteZones')
  $('waste-table').tBodies[0].replaceChildren(...(zones.length ? zones.map(z => el('tr', {},
    el('td', { class: 'text' }, `${z.name} (${z.code})`), el('td', { class: 'text' }, z.streets.join(', ')),
    el('td', { class: 'text' }, ...z.collections.flatMap((c, i) => [i ? el('br') : '', `${c.stream} : ${c.days.length ? c.days.join(', ') : c.rule ?? ''}`])),
    el('td', {}, removeButton(z.name, async () => { if (await sectionChange('wasteZones', list => list.filter(x => x.code !== z.code), $('waste-errors'))) await loadWaste() })))) : [empty('noZone', 4)]))
}

async function addZone (event) {
  event.preventDefault()
  const zone = { code: $('waste-code').value.trim(), name: $('waste-name').value.trim(), streets: lines($('waste-streets').value), collections: lines($('waste-collections').value).map(collectionOf) }
  if (await sectionChange('wasteZones', list => [...list.filter(x => x.code !== zone.code), zone], $('waste-errors'))) {
    $('waste-form').reset()
    await loadWaste()
  }
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

// Town settings: the section is replaced as a whole (PUT /api/town/settings), the other settings as they are.
async function loadSettings () {
  const settings = await section('settings')
  const box = $('satisfaction-survey')
  box.checked = settings.satisfactionSurvey === true
  box.disabled = !isAdmin
  box.onchange = async () => {
    try {
      await replaceSection('settings', { ...(await section('settings')), satisfactionSurvey: box.checked })
      $('settings-errors').replaceChildren()
      announce(a('saved'))
    } catch (error) {
      box.checked = !box.checked
      showErrors($('settings-errors'), error)
    }
  }
}

const loadAll = () => Promise.all([loadSettings(), loadFaq(), loadClosures(), loadPlaces(), loadServices(), loadMenus(), loadEvents(), loadWaste(), loadFeeds()])

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
  $('menu-form').addEventListener('submit', addMenu)
  $('event-form').addEventListener('submit', addEvent)
  $('waste-form').addEventListener('submit', addZone)
  document.addEventListener('langchange', () => { applyAdminTexts(); loadAll() })
  await loadAll()
})
applyAdminTexts()

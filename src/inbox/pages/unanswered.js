// /manager, « Questions sans réponse » (issue 15, item 6): the questions the assistant did not
// understand, grouped by similarity; an administrator turns a group into an FAQ entry, a manager
// proposes it to the administrators in one click (only administrators write town data). Its own
// section and texts, so that the rest of /manager can change without it. Citizen text: el() only.
import { announce, api, currentLang, el, formatDate } from './common.js'

const TEXTS = {
  fr: {
    title: 'Questions sans réponse', intro: 'Messages que l’assistant n’a pas compris ou a dû faire préciser, regroupés par ressemblance (30 derniers jours).',
    none: 'Aucune question sans réponse sur la période.', asked: 'fois', last: 'dernière fois', examples: 'Exemples',
    make: 'Créer une entrée FAQ', answerFr: 'Réponse en français', answerEn: 'Réponse en anglais', link: 'Lien (facultatif)',
    create: 'Créer l’entrée', created: 'Entrée FAQ créée : l’assistant y répond désormais.', adminOnly: 'Seul un administrateur peut créer une entrée FAQ.', failed: 'Échec :',
    propose: 'Proposer une entrée FAQ aux administrateurs', proposed: 'Proposée aux administrateurs le', proposedNow: 'Proposition envoyée : un administrateur rédigera la réponse.',
    proposalHint: 'Une entrée inactive avec ces questions attend sa réponse dans l’administration (étiquette « proposition »).'
  },
  en: {
    title: 'Unanswered questions', intro: 'Messages the assistant did not understand or had to clarify, grouped by similarity (last 30 days).',
    none: 'No unanswered question in this period.', asked: 'times', last: 'last', examples: 'Examples',
    make: 'Make an FAQ entry', answerFr: 'Answer in French', answerEn: 'Answer in English', link: 'Link (optional)',
    create: 'Create the entry', created: 'FAQ entry created: the assistant now answers it.', adminOnly: 'Only an administrator can create an FAQ entry.', failed: 'Failed:',
    propose: 'Propose an FAQ entry to the administrators', proposed: 'Proposed to the administrators on', proposedNow: 'Proposal sent: an administrator will write the answer.',
    proposalHint: 'An inactive entry with these questions awaits its answer in the administration (tag “proposition”).'
  }
}
const t = key => TEXTS[currentLang()][key]
const section = el('section', { id: 'unanswered', 'aria-labelledby': 'unanswered-title' })

// An administrator writes the answer: the entry is created and answered at once.
function createForm (group) {
  const n = group.id
  const field = (id, label, input) => el('div', {}, el('label', { for: `${id}-${n}` }, label), input)
  const form = el('form', { class: 'faq-form' },
    field('answer-fr', t('answerFr'), el('textarea', { id: `answer-fr-${n}`, name: 'fr', required: true, rows: 3 })),
    field('answer-en', t('answerEn'), el('textarea', { id: `answer-en-${n}`, name: 'en', required: true, rows: 3 })),
    field('link', t('link'), el('input', { id: `link-${n}`, name: 'link', type: 'url' })),
    el('button', { type: 'submit' }, t('create')))
  form.addEventListener('submit', async event => {
    event.preventDefault()
    const data = new FormData(form)
    const link = String(data.get('link') ?? '').trim()
    try {
      await api('POST', `/api/town/unanswered/${encodeURIComponent(group.id)}/faq`, { answer: { fr: String(data.get('fr')), en: String(data.get('en')) }, ...(link ? { link } : {}) })
      announce(t('created'))
      await load()
    } catch (error) {
      announce(error.status === 403 ? t('adminOnly') : `${t('failed')} ${error.message}`)
    }
  })
  return el('details', {}, el('summary', {}, t('make')), form)
}

// A manager proposes the group in one click; the administrators complete it on /admin.
function proposeButton (group) {
  const button = el('button', { type: 'button', class: 'propose' }, t('propose'))
  button.addEventListener('click', async () => {
    button.disabled = true
    try {
      await api('POST', `/api/town/unanswered/${encodeURIComponent(group.id)}/proposal`)
      announce(t('proposedNow'))
      await load()
    } catch (error) {
      button.disabled = false
      announce(`${t('failed')} ${error.message}`)
    }
  })
  return button
}

function groupItem (group, canCreate) {
  const status = group.proposal
    ? el('p', { class: 'proposal' }, `${t('proposed')} ${formatDate(group.proposal.at)}. `, el('span', {}, t('proposalHint')))
    : null
  const action = canCreate ? createForm(group) : group.proposal ? null : proposeButton(group)
  return el('li', { class: 'unanswered-group' },
    el('p', {}, el('strong', {}, `${group.count} ${t('asked')}`), ` · ${t('last')} ${formatDate(group.lastAt)}`),
    el('p', { class: 'visually-hidden' }, t('examples')),
    el('ul', {}, ...group.examples.map(text => el('li', { class: 'text' }, text))),
    ...[status, action].filter(Boolean))
}

async function load () {
  const { groups, canCreate } = await api('GET', '/api/town/unanswered')
  section.replaceChildren(
    el('h2', { id: 'unanswered-title' }, t('title')),
    el('p', {}, t('intro')),
    groups.length ? el('ol', { class: 'unanswered-groups' }, ...groups.map(g => groupItem(g, canCreate))) : el('p', {}, t('none')))
}

const appView = document.getElementById('app-view')
appView.append(section)
// The section loads once the manager is signed in (common.js shows #app-view then).
const start = () => { if (!appView.hidden) { observer.disconnect(); load().catch(error => announce(`${t('failed')} ${error.message}`)) } }
const observer = new MutationObserver(start)
observer.observe(appView, { attributes: true, attributeFilter: ['hidden'] })
document.addEventListener('langchange', () => { if (!appView.hidden) load() })
start()

// /manager/ideas: the board of citizens' ideas; a status change is told to the citizen (issue 20).
import { announce, api, el, formatDate, startPage } from '/inbox-assets/common.js'
import { applyAlertTexts, tt } from './alerts-i18n.js'

const $ = id => document.getElementById(id)
const STATUSES = ['received', 'studied', 'retained', 'not_retained']

async function refresh () {
  const { ideas } = await api('GET', '/api/ideas')
  $('no-idea').hidden = ideas.length > 0
  $('ideas').tBodies[0].replaceChildren(...ideas.map(idea => {
    const select = el('select', { id: `status-${idea.id}` }, ...STATUSES.map(s => el('option', { value: s, selected: s === idea.status }, tt(s))))
    const note = el('input', { id: `note-${idea.id}`, maxlength: '1000' })
    return el('tr', {},
      el('th', { scope: 'row' }, idea.reference),
      el('td', {}, formatDate(idea.createdAt)),
      el('td', { class: 'text' }, idea.description),
      el('td', {}, el('label', { for: `status-${idea.id}`, class: 'visually-hidden' }, `${tt('status')} ${idea.reference}`), select),
      el('td', {},
        el('label', { for: `note-${idea.id}` }, tt('note')), note,
        el('button', { type: 'button', onclick: async () => {
          await api('PATCH', `/api/ideas/${idea.id}`, { status: select.value, note: note.value.trim() || undefined })
          announce(tt('saved'))
          await refresh()
        } }, tt('save'))))
  }))
}

startPage(async () => {
  applyAlertTexts()
  document.addEventListener('langchange', () => { applyAlertTexts(); refresh() })
  await refresh()
})

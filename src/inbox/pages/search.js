// /manager, search section: full-text search with filters, CSV export, a citizen's timeline.
import { api, channelLabel, el, focusOn, formatDate, t } from './common.js'

const $ = id => document.getElementById(id)
const AUTHOR = { citizen: 'citizenAuthor', bot: 'botAuthor', agent: 'agentAuthor', system: 'systemAuthor' }

function queryString () {
  const params = new URLSearchParams()
  for (const [key, value] of new FormData($('search-form'))) if (value) params.set(key, String(value))
  return params.toString()
}

async function search () {
  const qs = queryString()
  $('export').href = `/api/search.csv?${qs}`
  const { results } = await api('GET', `/api/search?${qs}`)
  $('result-count').textContent = `${results.length} ${t('resultCount')}`
  $('results').tBodies[0].replaceChildren(...results.map(r => el('tr', {},
    el('td', {}, formatDate(r.createdAt)),
    el('td', {}, channelLabel(r.channel)),
    el('td', {}, r.direction === 'internal' ? t('internal') : t(AUTHOR[r.author] ?? 'systemAuthor')),
    el('td', {}, el('button', { type: 'button', class: 'link', onclick: () => openTimeline(r.citizenId) }, r.citizenName || `${t('openTimeline')} (${t('citizenFallback')})`)),
    el('td', { class: 'text' }, r.text))))
}

async function openTimeline (citizenId) {
  const data = await api('GET', `/api/citizens/${encodeURIComponent(citizenId)}`)
  $('timeline-section').hidden = false
  $('timeline').replaceChildren(...data.timeline.map(item => item.type === 'ticket'
    ? el('li', { class: 'message ticket' }, el('p', { class: 'meta' }, `${formatDate(item.at)} · ${item.ticket.reference} · ${t(`ticket_${item.ticket.status}`)}`), el('p', { class: 'text' }, item.ticket.title))
    : el('li', { class: `message ${item.message.direction}` },
      el('p', { class: 'meta' }, `${formatDate(item.at)} · ${channelLabel(item.message.channel)} · ${item.message.direction === 'internal' ? t('internal') : t(AUTHOR[item.message.author] ?? 'systemAuthor')}`),
      el('p', { class: 'text' }, item.message.text),
      ...item.message.attachments.map(a => el('p', { class: 'attachment' }, `${t('attachment')} : `, el('span', { class: 'filename' }, a.filename))))))
  focusOn($('timeline-title'))
}

export const searchSection = {
  async mount () {
    const { agents } = await api('GET', '/api/agents')
    $('agent').replaceChildren(el('option', { value: '' }, t('any')), ...agents.map(a => el('option', { value: a.id }, a.name)))
    $('search-form').addEventListener('submit', event => { event.preventDefault(); search() })
    await search()
  },
}

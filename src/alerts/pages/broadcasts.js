// /manager/broadcasts: write an alert, preview who gets it and who does not (and why), send it,
// follow its progress, cancel it, read its delivery figures (issue 20).
import { announce, api, el, formatDate, startPage } from '/inbox-assets/common.js'
import { applyAlertTexts, tt } from './alerts-i18n.js'

const $ = id => document.getElementById(id)
let topics = []
let refreshTimer

const localToIso = value => value ? new Date(value).toISOString() : undefined

function readForm () {
  const form = new FormData($('broadcast-form'))
  const body = { topic: form.get('topic'), text: { fr: String(form.get('fr') ?? '').trim(), en: String(form.get('en') ?? '').trim() || undefined }, urgent: $('urgent').checked }
  const zone = String(form.get('zone') ?? '').trim()
  if (zone) body.zone = zone
  const sendAt = localToIso(form.get('sendAt'))
  const endsAt = localToIso(form.get('endsAt'))
  if (sendAt) body.sendAt = sendAt
  if (endsAt) body.endsAt = endsAt
  return body
}

const describe = counts => Object.entries(counts ?? {}).map(([key, n]) => `${tt(key)} : ${n}`).join(', ') || tt('none')

function showPreview (summary) {
  $('preview-section').hidden = false
  $('preview').replaceChildren(
    el('dt', {}, tt('recipients')), el('dd', {}, describe(summary.recipients)),
    el('dt', {}, tt('excluded')), el('dd', {}, describe(summary.excluded)),
    el('dt', {}, tt('held')), el('dd', {}, describe(summary.held)))
}

async function submit (path) {
  $('form-error').textContent = ''
  try {
    const summary = await api('POST', path, readForm())
    showPreview(summary)
    if (path === '/api/broadcasts') { announce(tt('created')); $('broadcast-form').reset(); await refresh() }
  } catch (error) {
    $('form-error').textContent = error.message
  }
}

const topicName = code => { const topic = topics.find(t => t.code === code); return topic ? topic.name[document.documentElement.lang === 'en' ? 'en' : 'fr'] : code }

async function refresh () {
  const { broadcasts } = await api('GET', '/api/broadcasts')
  const running = broadcasts.filter(b => b.status === 'planning' || b.status === 'sending')
  const details = await Promise.all(running.map(b => api('GET', `/api/broadcasts/${b.id}`)))
  const progress = new Map(details.map(d => [d.id, d]))
  $('broadcasts').tBodies[0].replaceChildren(...broadcasts.map(b => {
    const d = progress.get(b.id)
    const status = d?.status ?? b.status
    const percent = d ? d.progress.percent : (status === 'done' ? 100 : 0)
    return el('tr', {},
      el('td', {}, formatDate(b.createdAt)),
      el('td', {}, topicName(b.topic)),
      el('td', { class: 'text' }, b.text.fr),
      el('td', {}, tt(status)),
      el('td', {}, el('progress', { max: '100', value: String(percent), 'aria-label': `${tt('progress')} ${percent} %` }), ` ${percent} %`),
      el('td', {},
        el('button', { type: 'button', class: 'link', onclick: () => figures(b.id) }, tt('details')),
        status === 'planning' || status === 'sending' ? el('button', { type: 'button', onclick: () => cancel(b.id) }, tt('cancel')) : null))
  }))
  clearTimeout(refreshTimer)
  if (running.length) refreshTimer = setTimeout(refresh, 2000)
}

async function figures (id) {
  const d = await api('GET', `/api/broadcasts/${id}`)
  const columns = ['planned', 'waiting', 'sent', 'delivered', 'read', 'failed', 'cancelled']
  $('figures-section').hidden = false
  $('figures').tHead.replaceChildren(el('tr', {}, el('th', { scope: 'col' }, tt('channel')), ...columns.map(c => el('th', { scope: 'col' }, tt(c === 'cancelled' ? 'cancelledCol' : c)))))
  $('figures').tBodies[0].replaceChildren(...Object.entries(d.byChannel).map(([channel, f]) => el('tr', {}, el('th', { scope: 'row' }, tt(channel)), ...columns.map(c => el('td', {}, String(f[c]))))))
  $('figures-title').focus()
}

async function cancel (id) {
  await api('POST', `/api/broadcasts/${id}/cancel`)
  announce(tt('cancelledNow'))
  await refresh()
}

startPage(async () => {
  applyAlertTexts()
  document.addEventListener('langchange', () => { applyAlertTexts(); refresh() })
  topics = (await api('GET', '/api/alert-topics')).topics
  $('topic').replaceChildren(...topics.map(t => el('option', { value: t.code }, `${t.name.fr} / ${t.name.en}`)))
  $('preview-button').addEventListener('click', () => submit('/api/broadcasts/preview'))
  $('broadcast-form').addEventListener('submit', event => { event.preventDefault(); submit('/api/broadcasts') })
  await refresh()
})

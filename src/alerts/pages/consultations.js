// /manager/consultations: start a consultation, read its results live as a chart with the numbers
// beside it (a table, per channel), export them, close it (issue 20).
import { announce, api, el, formatDate, startPage } from '/inbox-assets/common.js'
import { applyAlertTexts, tt } from './alerts-i18n.js'

const $ = id => document.getElementById(id)
let current
let chart
let refreshTimer

function optionRows () {
  $('option-rows').replaceChildren(...[1, 2, 3, 4, 5, 6].map(i => el('tr', {},
    el('th', { scope: 'row' }, `${tt('option')} ${i}`),
    el('td', {}, el('label', { for: `option-fr-${i}`, class: 'visually-hidden' }, `${tt('option')} ${i} ${tt('optionFr')}`), el('input', { id: `option-fr-${i}`, maxlength: '200' })),
    el('td', {}, el('label', { for: `option-en-${i}`, class: 'visually-hidden' }, `${tt('option')} ${i} ${tt('optionEn')}`), el('input', { id: `option-en-${i}`, maxlength: '200', lang: 'en' })))))
}

async function create (event) {
  event.preventDefault()
  $('form-error').textContent = ''
  const options = [1, 2, 3, 4, 5, 6].map(i => ({ fr: $(`option-fr-${i}`).value.trim(), en: $(`option-en-${i}`).value.trim() || undefined })).filter(o => o.fr)
  const closesAt = $('closes-at').value
  const body = {
    question: { fr: $('question-fr').value.trim(), en: $('question-en').value.trim() || undefined },
    options,
    closesAt: closesAt ? new Date(closesAt).toISOString() : undefined,
    topic: $('topic').value || undefined,
    openInChat: $('open-in-chat').checked,
  }
  try {
    const { id } = await api('POST', '/api/consultations', body)
    announce(tt('consultationCreated'))
    $('consultation-form').reset()
    await list()
    await show(id)
  } catch (error) {
    $('form-error').textContent = error.message
  }
}

async function list () {
  const { consultations } = await api('GET', '/api/consultations')
  $('consultations').tBodies[0].replaceChildren(...consultations.map(c => el('tr', {},
    el('td', { class: 'text' }, c.question.fr),
    el('td', {}, formatDate(c.closesAt)),
    el('td', {}, el('button', { type: 'button', class: 'link', onclick: () => show(c.id, true) }, tt('choose'))))))
}

function drawChart (results, lang) {
  const Chart = window.Chart
  const labels = results.options.map(o => `${o.index}. ${o.label[lang]}`)
  const data = results.options.map(o => o.count)
  $('chart').setAttribute('aria-label', `${tt('chartLabel')} : ${results.options.map(o => `${o.label[lang]} ${o.count}`).join(', ')}`)
  if (!Chart) return
  if (chart) { chart.data.labels = labels; chart.data.datasets[0].data = data; chart.update(); return }
  chart = new Chart($('chart'), {
    type: 'bar',
    data: { labels, datasets: [{ label: tt('answers'), data, backgroundColor: '#00439c' }] },
    options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { display: false } } },
  })
}

async function show (id, focus = false) {
  if (current !== id && chart) { chart.destroy(); chart = undefined }
  current = id
  const r = await api('GET', `/api/consultations/${id}/results`)
  const lang = document.documentElement.lang === 'en' ? 'en' : 'fr'
  $('results-section').hidden = false
  $('results-question').textContent = `${r.question[lang]} (${r.closed ? tt('closed') : tt('open')})`
  $('results-total').textContent = `${tt('total')} : ${r.total}`
  $('results-csv').href = `/api/consultations/${id}/results.csv`
  $('close-button').hidden = r.closed
  const channels = Object.keys(r.byChannel).sort()
  const hasOptions = r.options.length > 0
  $('chart').parentElement.hidden = !hasOptions
  if (hasOptions) drawChart(r, lang)
  $('results').tHead.replaceChildren(el('tr', {}, el('th', { scope: 'col' }, tt('option')), el('th', { scope: 'col' }, tt('total')), ...channels.map(c => el('th', { scope: 'col' }, tt(c)))))
  $('results').tBodies[0].replaceChildren(...r.options.map(o => el('tr', {},
    el('th', { scope: 'row' }, `${o.index}. ${o.label[lang]}`),
    el('td', {}, String(o.count)),
    ...channels.map(c => el('td', {}, String(r.byChannel[c].options.find(x => x.index === o.index)?.count ?? 0))))))
  $('free-section').hidden = hasOptions
  $('free').tBodies[0].replaceChildren(...r.freeText.map(f => el('tr', {}, el('td', { class: 'text' }, f.text), el('td', {}, String(f.count)))))
  if (focus) $('results-title').focus()
  clearTimeout(refreshTimer)
  if (!r.closed) refreshTimer = setTimeout(() => show(id), 5000)
}

startPage(async () => {
  applyAlertTexts()
  optionRows()
  document.addEventListener('langchange', () => { applyAlertTexts(); optionRows(); if (current) show(current) })
  const { topics } = await api('GET', '/api/alert-topics')
  $('topic').replaceChildren(el('option', { value: '' }, tt('noTopic')), ...topics.map(t => el('option', { value: t.code }, `${t.name.fr} / ${t.name.en}`)))
  $('consultation-form').addEventListener('submit', create)
  $('close-button').addEventListener('click', async () => { await api('POST', `/api/consultations/${current}/close`); await show(current) })
  await list()
  const fromUrl = new URLSearchParams(location.search).get('id')
  if (fromUrl) await show(fromUrl)
})

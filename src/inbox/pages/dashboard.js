// /manager, dashboard section (issue 18): a period, key figures and charts (Chart.js, served by the
// app). Every bar and every row of a chart's data table opens the conversations or tickets behind it.
import { announce, api, applyTexts, channelLabel, citizenLabel, currentLang, el, focusOn, formatDate, t } from './common.js'

const $ = id => document.getElementById(id)
let services = []
let period = {}
let figures
const charts = []

const serviceName = code => {
  if (code === 'none') return t('reception')
  const s = services.find(x => x.code === code)
  return s ? (currentLang() === 'en' ? s.nameEn : s.nameFr) : code
}
const reasonName = key => t(`r_${key}`) === `r_${key}` ? key : t(`r_${key}`)
const hours = seconds => seconds == null ? '–' : seconds < 3600 ? `${Math.round(seconds / 60)} ${t('minutes')}` : `${(seconds / 3600).toFixed(1)} ${t('hoursShort')}`
const day = date => date.toISOString().slice(0, 10)

function periodFromForm () {
  const choice = $('period').value
  const today = new Date()
  if (choice === 'custom') return { from: $('period-from').value, to: $('period-to').value }
  if (choice === 'today') return { from: day(today), to: day(today) }
  if (choice === 'month') return { from: `${day(today).slice(0, 8)}01`, to: day(today) }
  return { from: day(new Date(today.getTime() - (Number(choice) - 1) * 86_400_000)), to: day(today) }
}

const query = extra => new URLSearchParams({ ...period, ...extra }).toString()

/** The chart specs: what to draw, the data table's rows, and what each bar drills down to. */
function specs (f) {
  return [
    { name: 'byChannel', title: t('cByChannel'), type: 'bar', columns: [t('channel'), t('count')],
      rows: f.byChannel.map(r => ({ cells: [channelLabel(r.key)], values: [r.count], drill: [{ type: 'conversation_opened', channel: r.key }] })) },
    byDaySpec(f),
    { name: 'intents', title: t('cIntents'), type: 'bar', horizontal: true, columns: [t('intent'), t('count')],
      rows: f.intents.map(r => ({ cells: [r.key], values: [r.count], drill: [{ type: 'intent', label: r.key }] })) },
    { name: 'handoffs', title: t('cHandoffs'), type: 'bar', columns: [t('reason'), t('count')],
      rows: f.handoffs.map(r => ({ cells: [reasonName(r.key)], values: [r.count], drill: [{ type: 'handoff', label: r.key }] })) },
    { name: 'tickets', title: t('cTickets'), type: 'bar', columns: [t('service'), t('opened'), t('resolved'), t('medianResolution')], series: [t('opened'), t('resolved')],
      rows: f.tickets.map(r => ({ cells: [serviceName(r.key)], values: [r.opened, r.resolved], extra: [hours(r.resolution.medianWorkSeconds)], drill: [{ type: 'ticket_opened', service: r.key }, { type: 'ticket_resolved', service: r.key }] })) },
    { name: 'backlog', title: t('cBacklog'), type: 'bar', columns: [t('age'), t('count')],
      rows: f.backlog.map(r => ({ cells: [t(`b_${r.key}`)], values: [r.count], drill: [{ type: 'backlog', bucket: r.key }] })) },
    { name: 'satisfaction', title: t('cSatisfaction'), type: 'bar', columns: [t('service'), t('average'), t('answers')], series: [t('average')],
      rows: f.satisfaction.map(r => ({ cells: [serviceName(r.key)], values: [r.average == null ? 0 : Number(r.average.toFixed(2))], extra: [r.answers], drill: [{ type: 'satisfaction', service: r.key }] })) },
  ]
}

// Conversations by day: one row per day and channel in the table, stacked bars in the chart.
function byDaySpec (f) {
  const days = [...new Set(f.byDay.map(r => r.day))]
  const channels = [...new Set(f.byDay.map(r => r.channel))]
  return {
    name: 'byDay', title: t('cByDay'), type: 'bar', stacked: true, columns: [t('day'), t('channel'), t('count')],
    rows: f.byDay.map(r => ({ cells: [r.day, channelLabel(r.channel)], values: [r.count], drill: [{ type: 'conversation_opened', day: r.day, channel: r.channel }] })),
    chart: {
      labels: days,
      datasets: channels.map(channel => ({ label: channelLabel(channel), data: days.map(d => f.byDay.find(r => r.day === d && r.channel === channel)?.count ?? 0) })),
      drillAt: (index, datasetIndex) => ({ type: 'conversation_opened', day: days[index], channel: channels[datasetIndex] }),
    },
  }
}

function drawChart (canvas, spec) {
  const data = spec.chart ?? {
    labels: spec.rows.map(r => r.cells[0]),
    datasets: (spec.series ?? [spec.columns[1]]).map((label, i) => ({ label, data: spec.rows.map(r => r.values[i]) })),
    drillAt: (index, datasetIndex) => spec.rows[index].drill[datasetIndex] ?? spec.rows[index].drill[0],
  }
  const Chart = window.Chart
  if (!Chart) return
  charts.push(new Chart(canvas, {
    type: 'bar',
    data: { labels: data.labels, datasets: data.datasets },
    options: {
      indexAxis: spec.horizontal ? 'y' : 'x',
      maintainAspectRatio: false,
      animation: false,
      // Counts are whole numbers: no 0.1 steps on the value axis.
      scales: {
        x: { stacked: Boolean(spec.stacked), ...(spec.horizontal ? { ticks: { precision: 0 } } : {}) },
        y: { stacked: Boolean(spec.stacked), ...(spec.horizontal ? {} : { ticks: { precision: 0 } }) },
      },
      plugins: { legend: { display: data.datasets.length > 1 } },
      // A click on a bar opens the list behind it (Chatwoot #6887).
      onClick: (_event, elements) => { if (elements[0]) drill(data.drillAt(elements[0].index, elements[0].datasetIndex)) },
    },
  }))
}

function chartFigure (spec) {
  const summary = spec.rows.slice(0, 6).map(r => `${r.cells.join(' ')} : ${r.values.join(' / ')}`).join(' ; ')
  const canvas = el('canvas', { role: 'img', 'aria-label': `${spec.title}. ${summary || t('noData')}` })
  const drillButtons = row => row.values.map((value, i) => el('td', {},
    el('button', { type: 'button', class: 'link', 'aria-label': `${t('drillOpen')} : ${spec.title}, ${row.cells.join(' ')}, ${value}`, onclick: () => drill(row.drill[i] ?? row.drill[0]) }, String(value))))
  const table = el('table', { class: 'chart-data' },
    el('caption', { class: 'visually-hidden' }, spec.title),
    el('thead', {}, el('tr', {}, ...spec.columns.map(c => el('th', { scope: 'col' }, c)))),
    el('tbody', {}, ...spec.rows.map(row => el('tr', {}, ...row.cells.map((c, i) => i === 0 ? el('th', { scope: 'row' }, c) : el('td', {}, c)), ...drillButtons(row), ...(row.extra ?? []).map(x => el('td', {}, String(x)))))))
  const figure = el('figure', { class: 'chart', 'data-chart': spec.name },
    el('figcaption', {}, spec.title),
    spec.rows.length ? el('div', { class: 'canvas-box' }, canvas) : el('p', {}, t('noData')),
    el('div', { class: 'chart-tools' },
      el('details', {}, el('summary', {}, t('dataTable')), table),
      el('a', { href: `/api/dashboard.csv?${query({ chart: spec.name })}`, download: '' }, `${t('csv')} – ${spec.title}`)))
  return { figure, canvas }
}

function kpi (label, value, detail, drillTo) {
  return el('li', { class: 'kpi' }, el('span', {}, label),
    drillTo ? el('button', { type: 'button', class: 'link value', 'aria-label': `${t('drillOpen')} : ${label}, ${value}`, onclick: () => drill(drillTo) }, value) : el('span', { class: 'value' }, value),
    detail ? el('span', { class: 'detail' }, detail) : null)
}

function render () {
  const f = figures
  for (const chart of charts.splice(0)) chart.destroy()
  const backlog = f.backlog.reduce((sum, b) => sum + b.count, 0)
  $('kpis').replaceChildren(
    kpi(t('kConversations'), String(f.conversationsOpened), null, { type: 'conversation_opened' }),
    kpi(t('kWithoutPerson'), f.answeredWithoutPerson == null ? '–' : `${Math.round(f.answeredWithoutPerson * 100)} %`, null, { type: 'handoff' }),
    kpi(t('kFirstResponse'), hours(f.firstResponse.medianWorkSeconds), `${t('median')} ; ${t('p90')} : ${hours(f.firstResponse.p90WorkSeconds)} (${f.firstResponse.count})`, { type: 'first_response' }),
    kpi(t('kBacklog'), String(backlog), null, null))
  const built = specs(f).map(spec => ({ spec, ...chartFigure(spec) }))
  $('charts').replaceChildren(...built.map(b => b.figure))
  for (const b of built) if (b.spec.rows.length) drawChart(b.canvas, b.spec)
}

async function load () {
  period = periodFromForm()
  try {
    figures = await api('GET', `/api/dashboard?${query({})}`)
    render()
    announce(t('dashboardLoaded'))
  } catch (e) { announce(`${t('error')} : ${e.message}`) }
}

function drillRows (result) {
  if (result.kind === 'conversations') {
    return {
      columns: [t('citizen'), t('channel'), t('status'), t('lastActivity'), ''],
      rows: result.rows.map(c => [citizenLabel(c.citizen), channelLabel(c.channel, c.identityKind), c.status === 'open' ? t('open') : t('closed'), formatDate(c.lastMessageAt),
        el('a', { href: `/inbox?conversation=${encodeURIComponent(c.id)}` }, `${t('openInInbox')} – ${citizenLabel(c.citizen)}`)]),
    }
  }
  return {
    columns: [t('reference'), t('title'), t('status'), t('service'), t('created'), ''],
    rows: result.rows.map(tk => [tk.reference, tk.title, t(`ticket_${tk.status}`), serviceName(tk.serviceCode), formatDate(tk.createdAt),
      tk.conversationId ? el('a', { href: `/inbox?conversation=${encodeURIComponent(tk.conversationId)}` }, `${t('openInInbox')} – ${tk.reference}`) : '']),
  }
}

/** Opens the list behind a figure below the charts and moves the focus there. */
async function drill (filters) {
  try {
    const result = await api('GET', `/api/dashboard/drill-down?${query(filters)}`)
    const { columns, rows } = drillRows(result)
    $('drill-section').hidden = false
    $('drill-count').textContent = `${rows.length} ${t('drillCount')}`
    $('drill-table').tHead.replaceChildren(el('tr', {}, ...columns.map(c => el('th', { scope: 'col' }, c))))
    $('drill-table').tBodies[0].replaceChildren(...rows.map(r => el('tr', {}, ...r.map(cell => el('td', {}, cell)))))
    focusOn($('drill-title'))
    announce(`${t('drillTitle')} : ${rows.length} ${t('drillCount')}`)
  } catch (e) { announce(`${t('error')} : ${e.message}`) }
}

export const dashboardSection = {
  async mount () {
    ;({ services } = await api('GET', '/api/inbox/services'))
    $('period').addEventListener('change', () => { $('custom-range').hidden = $('period').value !== 'custom' })
    $('period-form').addEventListener('submit', event => { event.preventDefault(); load() })
    document.addEventListener('langchange', () => { applyTexts(); if (figures) render() })
    await load()
  },
}

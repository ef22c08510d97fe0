// /inbox: three panes (list · conversation · citizen), filters with counts, live updates, the
// composer always in view, canned responses with « / », keyboard shortcuts, and focus moved to
// where the work is after each action, announced to screen readers (issue 18).
import { announce, api, applyTexts, channelLabel, citizenLabel, currentLang, el, focusOn, formatDate, isTyping, openLiveFeed, startPage, t } from './common.js'
import { attachmentView } from './attachments.js'
import { CannedPicker } from './canned-picker.js'

const $ = id => document.getElementById(id)
let me
let selected
let filter = 'needs_human'
let agents = []
let canned = []
let categories = []
let services = []
let current // the conversation shown
let listed = [] // ids in list order
const rendered = new Map()

const AUTHOR = { citizen: 'citizenAuthor', bot: 'botAuthor', agent: 'agentAuthor', system: 'systemAuthor' }
const serviceName = code => { const s = services.find(x => x.code === code); return s ? (currentLang() === 'en' ? s.nameEn : s.nameFr) : code }

function listQuery () {
  const params = new URLSearchParams({ status: filter })
  if ($('channel-filter').value) params.set('channel', $('channel-filter').value)
  if ($('service-filter').value) params.set('service', $('service-filter').value)
  return params.toString()
}

function waitingText (c) {
  if (c.waitingWorkSeconds == null) return ''
  const minutes = Math.round(c.waitingWorkSeconds / 60)
  const shown = minutes >= 120 ? `${Math.floor(minutes / 60)} ${t('hoursShort')} ${minutes % 60} ${t('minutes')}` : `${minutes} ${t('minutes')}`
  return ` · ${t('waitingWork')} ${shown}`
}

function conversationButton (c) {
  return el('button', { type: 'button', class: `conversation${c.overdue ? ' overdue' : ''}`, 'data-id': c.id, 'aria-current': c.id === selected ? 'true' : undefined, onclick: () => select(c.id, { focus: true }) },
    el('span', { class: 'who' }, citizenLabel(c.citizen)),
    el('span', { class: 'channel' }, ` · ${channelLabel(c.channel, c.citizen.identity?.kind)}`),
    c.needsHuman ? el('span', { class: 'badge' }, ` · ${t('needsHuman')}`) : null,
    c.overdue ? el('span', { class: 'badge overdue-badge' }, ` · ${t('overdue')}`) : null,
    c.serviceCode ? el('span', { class: 'service' }, ` · ${serviceName(c.serviceCode)}`) : null,
    el('span', { class: 'last' }, c.lastMessage ? c.lastMessage.text : ''),
    el('span', { class: 'time' }, formatDate(c.lastMessageAt) + waitingText(c)))
}

async function loadCounts () {
  const params = new URLSearchParams(listQuery())
  params.delete('status')
  const { counts } = await api('GET', `/api/conversations/counts?${params}`)
  for (const node of document.querySelectorAll('[data-count]')) node.textContent = `(${counts[node.dataset.count] ?? 0})`
}

async function loadList () {
  const [{ conversations }] = await Promise.all([api('GET', `/api/conversations?${listQuery()}`), loadCounts()])
  const list = $('conversation-list')
  // Re-rendering must not drop the keyboard focus of an agent moving through the list.
  const focusedId = document.activeElement?.closest?.('.conversation')?.dataset.id
  list.replaceChildren(...conversations.map(c => el('li', {}, conversationButton(c))))
  if (!conversations.length) list.append(el('li', {}, t('noConversation')))
  listed = conversations.map(c => c.id)
  if (focusedId) list.querySelector(`.conversation[data-id="${CSS.escape(focusedId)}"]`)?.focus()
  return conversations
}

function attachmentsOf (items) {
  return items.map(a => attachmentView(a, t))
}

function messageItem (m) {
  const kind = m.direction === 'internal' ? 'internal' : m.direction
  const failed = m.deliveryStatus === 'failed'
  const delivery = m.deliveryStatus && !failed ? ` · ${t(`ds_${m.deliveryStatus}`)}` : ''
  return el('li', { class: `message ${kind}`, 'data-id': m.id },
    el('p', { class: 'meta' }, `${m.direction === 'internal' ? t('internal') : t(AUTHOR[m.author] ?? 'systemAuthor')}${m.agent ? ` (${m.agent.name})` : ''} · ${formatDate(m.createdAt)}${delivery}`),
    el('p', { class: 'text' }, m.text),
    ...attachmentsOf(m.attachments),
    failed ? el('p', { class: 'failure' }, `${t('failed')} : ${m.deliveryError ?? ''} `, el('button', { type: 'button', onclick: () => act(`/messages/${m.id}/resend`, 'sent') }, t('resend'))) : null)
}

function renderHeader (c) {
  $('detail-empty').hidden = true
  $('detail').hidden = false
  $('detail-title').textContent = citizenLabel(c.citizen)
  $('detail-meta').textContent = `${channelLabel(c.channel, c.identityKind)} · ${c.status === 'open' ? t('open') : t('closed')}`
  const heldByMe = c.holder === 'agent' && c.assignedAgent?.id === me.id
  const heldByOther = c.holder === 'agent' && c.assignedAgent && c.assignedAgent.id !== me.id
  $('holder-status').textContent = c.holder === 'bot' ? t('heldByBot') : c.assignedAgent ? `${t('heldBy')} ${c.assignedAgent.name}` : t('heldByNobody')
  const windowClosed = c.whatsappWindowEndsAt && new Date(c.whatsappWindowEndsAt) < new Date()
  $('reply-warning').textContent = c.optedOut ? t('optedOut') : windowClosed ? t('whatsappClosed') : ''
  $('reply-warning').hidden = !c.optedOut && !windowClosed
  // Role-aware: an agent cannot take or give back a colleague's conversation; managers can hand it back.
  $('takeover').disabled = heldByMe || (heldByOther && me.role === 'agent')
  $('handback').disabled = c.holder === 'bot' || (heldByOther && me.role === 'agent')
}

function renderMessages (c) {
  const list = $('messages')
  if (list.dataset.conversation !== c.id) { list.replaceChildren(); rendered.clear() }
  list.dataset.conversation = c.id
  // Only additions reach the live region; a changed delivery status replaces its own item.
  for (const m of c.messages) {
    const key = `${m.deliveryStatus}|${m.deliveryError}`
    if (!rendered.has(m.id)) list.append(messageItem(m))
    else if (rendered.get(m.id) !== key) list.querySelector(`[data-id="${m.id}"]`)?.replaceWith(messageItem(m))
    rendered.set(m.id, key)
  }
  list.lastElementChild?.scrollIntoView({ block: 'nearest' })
}

async function renderCitizen (c) {
  $('citizen-panel').hidden = false
  if (document.activeElement !== $('citizen-name')) $('citizen-name').value = c.citizen.displayName ?? ''
  $('identities').replaceChildren(...c.citizen.identities.map(i => el('li', {}, `${channelLabel(i.kind, i.kind)} : ${i.value}`)))
  // Live refreshes come often (every delivery receipt): keep a ticket's row, and the status the agent
  // may be choosing in it, unless the ticket itself changed.
  const shownTickets = new Map([...$('tickets').children].map(li => [li.dataset.key, li]))
  $('tickets').replaceChildren(...c.tickets.map(tk => shownTickets.get(ticketKey(tk)) ?? ticketItem(tk)))
  await renderAlerts(c.citizen.id)
  const citizen = await api('GET', `/api/citizens/${encodeURIComponent(c.citizen.id)}`)
  $('suggestions').replaceChildren(...citizen.mergeSuggestions.map(s => el('li', {},
    `${s.displayName ?? t('citizenFallback')} (${s.matched.kind} : ${s.matched.value}) `,
    el('button', { type: 'button', class: 'secondary', onclick: () => mergeInto(c.citizen.id, s.citizenId) }, t('merge')))))
  $('merges').replaceChildren(...citizen.merges.map(m => el('li', {}, `${formatDate(m.createdAt)}${m.undoneAt ? ` · ${t('undone')}` : ''} `,
    m.undoneAt ? null : el('button', { type: 'button', class: 'secondary', onclick: () => undoMerge(m.id) }, t('undoMerge')))))
  // The citizen's whole history across channels: what happened outside this conversation.
  $('citizen-timeline').replaceChildren(...citizen.timeline
    .filter(item => item.type === 'ticket' || item.message.conversationId !== c.id)
    .slice(-50)
    .map(item => item.type === 'ticket'
      ? el('li', { class: 'message ticket' }, el('p', { class: 'meta' }, `${formatDate(item.at)} · ${item.ticket.reference} · ${t(`ticket_${item.ticket.status}`)}`), el('p', { class: 'text' }, item.ticket.title))
      : el('li', { class: `message ${item.message.direction}` }, el('p', { class: 'meta' }, `${formatDate(item.at)} · ${channelLabel(item.message.channel)} · ${t(AUTHOR[item.message.author] ?? 'systemAuthor')}`), el('p', { class: 'text' }, item.message.text))))
}

/** Shows a conversation; with focus, moves the keyboard there and says so. */
async function select (id, { focus = false } = {}) {
  selected = id
  const { conversation: c } = await api('GET', `/api/conversations/${encodeURIComponent(id)}`)
  current = c
  renderHeader(c)
  renderMessages(c)
  for (const button of document.querySelectorAll('.conversation')) button.setAttribute('aria-current', String(button.dataset.id === id))
  if (focus) {
    focusOn($('detail-title'))
    announce(`${t('openedConversation')} ${citizenLabel(c.citizen)}`)
  }
  await renderCitizen(c)
  await loadList()
}

const TICKET_STATUSES = ['new', 'in_progress', 'waiting_citizen', 'resolved', 'closed']
const ticketKey = tk => `${tk.id}|${tk.status}|${tk.title}|${tk.attachments?.length ?? 0}`

function ticketItem (tk) {
  const id = `ticket-status-${tk.id}`
  const statusSelect = el('select', { id }, ...TICKET_STATUSES.map(s => el('option', { value: s, selected: s === tk.status }, t(`ticket_${s}`))))
  const update = async () => {
    try {
      // The tickets API tells the citizen about the change on the channel they last used.
      await api('PATCH', `/api/tickets/${encodeURIComponent(tk.id)}`, { status: statusSelect.value })
      announce(t('ticketUpdated'))
    } catch (e) { announce(`${t('error')} : ${e.message}`) }
    await select(selected)
  }
  return el('li', { 'data-key': ticketKey(tk) }, `${tk.reference} · ${tk.title}`,
    tk.serviceCode ? el('span', { class: 'service' }, ` · ${serviceName(tk.serviceCode)}`) : null,
    ...attachmentsOf(tk.attachments ?? []),
    el('label', { for: id }, `${t('ticketStatus')} ${tk.reference}`), statusSelect, ' ',
    el('button', { type: 'button', class: 'secondary', onclick: update }, t('update')))
}

/** Runs an action on the shown conversation, announces it, then puts the focus where the next step is. */
async function act (path, doneKey, body, focusAfter) {
  let ok = false
  try {
    await api('POST', `/api/conversations/${encodeURIComponent(selected)}${path}`, body)
    announce(t(doneKey))
    ok = true
  } catch (e) {
    announce(e.status === 409 ? t('conflict') : `${t('error')} : ${e.message}`)
  }
  await select(selected)
  if (ok && focusAfter) focusAfter()
  return ok
}

/** The citizen's alert subscriptions (issue 20), each removable by the agent at the citizen's request (a consent event and an audit entry). */
async function renderAlerts (citizenId) {
  const { subscriptions } = await api('GET', `/api/citizens/${encodeURIComponent(citizenId)}/alerts`)
  const list = $('alert-subscriptions')
  // Live refreshes come often: the list (and a focused button in it) stays unless it changed.
  const key = JSON.stringify([citizenId, subscriptions.map(s => [s.identityId, s.topic, s.zone])])
  if (list.dataset.key === key) return
  list.dataset.key = key
  list.replaceChildren(...(subscriptions.length ? subscriptions.map(s => {
    const name = s.topicName[currentLang()] ?? s.topicName.fr
    const where = `${channelLabel(s.kind, s.kind)} : ${s.value}`
    return el('li', {}, `${name} · ${where}${s.zone ? ` (${s.zone})` : ''} `,
      el('button', { type: 'button', class: 'secondary', 'aria-label': `${t('unsubscribeAlert')} : ${name}, ${where}`, onclick: () => unsubscribeAlert(citizenId, s) }, t('unsubscribeAlert')))
  }) : [el('li', {}, t('noAlerts'))]))
}

async function unsubscribeAlert (citizenId, subscription) {
  try {
    await api('POST', `/api/identities/${encodeURIComponent(subscription.identityId)}/alerts`, { topic: subscription.topic, subscribe: false })
    announce(t('alertRemoved'))
  } catch (e) { announce(`${t('error')} : ${e.message}`) }
  await renderAlerts(citizenId)
  focusOn($('alerts-title'))
}

async function mergeInto (fromId, intoId) {
  try {
    await api('POST', `/api/citizens/${encodeURIComponent(fromId)}/merge`, { intoCitizenId: intoId })
    announce(t('merged'))
  } catch (e) { announce(`${t('error')} : ${e.message}`) }
  await select(selected)
}

async function undoMerge (mergeId) {
  try {
    await api('POST', `/api/citizen-merges/${encodeURIComponent(mergeId)}/undo`)
    announce(t('undone'))
  } catch (e) { announce(`${t('error')} : ${e.message}`) }
  await select(selected)
}

function fillSelects () {
  $('assign-agent').replaceChildren(...agents.map(a => el('option', { value: a.id }, a.name)))
  $('ticket-category').replaceChildren(...categories.map(c => el('option', { value: c.code }, currentLang() === 'en' ? c.nameEn : c.nameFr)))
  const chosen = $('service-filter').value
  $('service-filter').replaceChildren(el('option', { value: '' }, t('allServices')), ...services.map(s => el('option', { value: s.code, selected: s.code === chosen }, currentLang() === 'en' ? s.nameEn : s.nameFr)))
}

function setFilter (value) {
  filter = value
  for (const button of document.querySelectorAll('.filter')) button.setAttribute('aria-pressed', String(button.dataset.filter === value))
  return loadList().then(() => announce(t('listUpdated')))
}

/** j / k: the next or previous conversation of the list, opened and focused. */
function move (step) {
  if (!listed.length) return
  const at = listed.indexOf(selected)
  const next = at < 0 ? 0 : at + step
  if (next < 0 || next >= listed.length) { announce(t('noMore')); return }
  select(listed[next], { focus: true })
}

/** After a hand-back, the work is the next conversation waiting for a person. */
async function focusNextWaiting () {
  const conversations = await loadList()
  const next = conversations.find(c => c.needsHuman && c.id !== selected)
  if (next) document.querySelector(`.conversation[data-id="${CSS.escape(next.id)}"]`)?.focus()
  else focusOn($('list-title'))
}

const SHORTCUTS = {
  j: () => move(1),
  k: () => move(-1),
  t: () => { if (current && !$('takeover').disabled) $('takeover').click() },
  r: () => { if (current) $('reply-text').focus() },
  n: () => { if (current) $('note-text').focus() },
  h: () => { if (current && !$('handback').disabled) $('handback').click() },
  '?': () => openHelp(),
}

function openHelp () {
  $('help-dialog').showModal()
  $('help-close').focus()
}

function wire () {
  for (const button of document.querySelectorAll('.filter')) button.addEventListener('click', () => setFilter(button.dataset.filter))
  $('channel-filter').addEventListener('change', loadList)
  $('service-filter').addEventListener('change', loadList)
  $('takeover').addEventListener('click', () => act('/takeover', 'tookOver', undefined, () => $('reply-text').focus()))
  $('handback').addEventListener('click', () => act('/handback', 'handedBack', undefined, focusNextWaiting))
  $('assign').addEventListener('click', () => act('/assign', 'updated', { agentId: $('assign-agent').value }))
  $('help-open').hidden = false
  $('help-open').addEventListener('click', openHelp)
  $('help-dialog').addEventListener('close', () => $('help-open').focus())
  const picker = new CannedPicker($('reply-text'), $('canned-list'), () => canned, { announce, t })
  $('reply-form').addEventListener('submit', async event => {
    event.preventDefault()
    if (picker.isOpen()) return
    const text = $('reply-text').value
    $('reply-text').value = ''
    // The reply goes out; the agent stays in the composer for the next message.
    const ok = await act('/messages', 'sent', { text }, () => $('reply-text').focus())
    if (!ok) $('reply-text').value = text
  })
  $('note-form').addEventListener('submit', async event => {
    event.preventDefault()
    const text = $('note-text').value
    $('note-text').value = ''
    const ok = await act('/notes', 'noteSaved', { text }, () => $('note-text').focus())
    if (!ok) $('note-text').value = text
  })
  $('name-form').addEventListener('submit', async event => {
    event.preventDefault()
    const value = $('citizen-name').value.trim()
    try {
      await api('PATCH', `/api/citizens/${encodeURIComponent(current.citizen.id)}`, { displayName: value || null })
      announce(t('nameSaved'))
    } catch (e) { announce(`${t('error')} : ${e.message}`) }
    await select(selected)
  })
  $('ticket-form').addEventListener('submit', async event => {
    event.preventDefault()
    try {
      // Opened for the citizen through the tickets API, which acknowledges it to them.
      await api('POST', '/api/tickets', { citizenId: current.citizen.id, conversationId: selected, category: $('ticket-category').value, description: $('ticket-description').value })
      $('ticket-description').value = ''
      announce(t('ticketOpened'))
    } catch (e) { announce(`${t('error')} : ${e.message}`) }
    await select(selected)
  })
  // Shortcuts never take keys from a text field; Escape leaves one so they work again.
  document.addEventListener('keydown', event => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return
    if ($('help-dialog').open) return
    if (isTyping(event.target)) {
      if (event.key === 'Escape' && event.target.tagName === 'TEXTAREA' && !picker.isOpen()) { event.preventDefault(); focusOn($('detail-title')) }
      return
    }
    const action = SHORTCUTS[event.key]
    if (!action) return
    event.preventDefault()
    action()
  })
  document.addEventListener('langchange', () => { applyTexts(); fillSelects(); rendered.clear(); $('tickets').replaceChildren(); $('messages').dataset.conversation = ''; if (selected) select(selected); else loadList() })
}

startPage(async (agent, { fromLogin }) => {
  me = agent
  $('who-am-i').textContent = `${t('signedInAs')} ${agent.name}`
  wire()
  ;[{ agents }, { cannedResponses: canned }, { categories }, { services }] = await Promise.all([
    api('GET', '/api/agents'), api('GET', '/api/canned-responses'), api('GET', '/api/inbox/ticket-categories'), api('GET', '/api/inbox/services'),
  ])
  fillSelects()
  // An agent of a service starts on that service's queue.
  const myService = agents.find(a => a.id === me.id)?.serviceCode
  if (myService) $('service-filter').value = myService
  const conversations = await loadList()
  // A link from the dashboard names the conversation to open.
  const asked = new URLSearchParams(location.search).get('conversation')
  if (asked) await select(asked, { focus: true }).catch(e => announce(`${t('error')} : ${e.message}`))
  else if (fromLogin) {
    // After sign-in the work is the first conversation waiting for a person.
    const first = document.querySelector('.conversation')
    if (first) first.focus(); else focusOn($('list-title'))
    announce(`${t('fNeeds')} : ${conversations.length}`)
  }
  let pending
  // With several instances each one pushes only what it handled: a slow poll catches the rest.
  setInterval(() => { if (!document.hidden) loadList() }, 30_000)
  openLiveFeed(event => {
    // Coalesce bursts (a reply causes several events) into one refresh.
    clearTimeout(pending)
    pending = setTimeout(() => { if (selected && event.conversationId === selected) select(selected); else loadList() }, 100)
  })
})

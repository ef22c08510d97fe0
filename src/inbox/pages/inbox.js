// /inbox: the list (those needing a person first), one conversation, and the agent's actions.
import { announce, api, applyTexts, currentLang, el, formatDate, openLiveFeed, startPage, t } from './common.js'

const $ = id => document.getElementById(id)
let me
let selected
let agents = []
let canned = []
let categories = []
let currentCitizenId
const rendered = new Map()

const AUTHOR = { citizen: 'citizenAuthor', bot: 'botAuthor', agent: 'agentAuthor', system: 'systemAuthor' }

async function loadList () {
  const { conversations } = await api('GET', `/api/conversations?status=${encodeURIComponent($('list-filter').value)}`)
  const list = $('conversation-list')
  list.replaceChildren(...conversations.map(c => {
    const who = c.citizen.displayName || c.citizen.identity.value
    const waiting = c.waitingSeconds != null ? ` · ${t('waiting')} ${Math.round(c.waitingSeconds / 60)} ${t('minutes')}` : ''
    const button = el('button', { type: 'button', class: 'conversation', 'aria-current': c.id === selected ? 'true' : undefined, onclick: () => select(c.id) },
      el('span', { class: 'who' }, who),
      el('span', { class: 'channel' }, ` · ${c.channel}`),
      c.needsHuman ? el('span', { class: 'badge' }, ` ${t('needsHuman')}`) : null,
      el('span', { class: 'last' }, c.lastMessage ? c.lastMessage.text : ''),
      el('span', { class: 'time' }, formatDate(c.lastMessageAt) + waiting))
    return el('li', {}, button)
  }))
  if (!conversations.length) list.append(el('li', {}, t('noConversation')))
}

function messageItem (m) {
  const kind = m.direction === 'internal' ? 'internal' : m.direction
  const failed = m.deliveryStatus === 'failed'
  return el('li', { class: `message ${kind}`, 'data-id': m.id },
    el('p', { class: 'meta' }, `${m.direction === 'internal' ? t('internal') : t(AUTHOR[m.author] ?? 'systemAuthor')}${m.agent ? ` (${m.agent.name})` : ''} · ${formatDate(m.createdAt)}${m.deliveryStatus && m.deliveryStatus !== 'failed' ? ` · ${m.deliveryStatus}` : ''}`),
    el('p', { class: 'text' }, m.text),
    ...m.attachments.map(a => el('p', { class: 'attachment' }, `${t('attachment')} : `, el('span', { class: 'filename' }, a.filename))),
    failed ? el('p', { class: 'failure' }, `${t('failed')} : ${m.deliveryError ?? ''} `, el('button', { type: 'button', onclick: () => act(`/messages/${m.id}/resend`, 'sent') }, t('resend'))) : null)
}

async function select (id) {
  selected = id
  const { conversation: c } = await api('GET', `/api/conversations/${encodeURIComponent(id)}`)
  $('detail-empty').hidden = true
  $('detail').hidden = false
  const who = c.citizen.displayName || c.citizen.identities[0]?.value || c.citizen.id
  $('detail-meta').textContent = `${who} · ${c.channel} · ${c.status === 'open' ? t('open') : t('closed')}`
  const heldByMe = c.holder === 'agent' && c.assignedAgent?.id === me.id
  $('holder-status').textContent = c.holder === 'bot' ? t('heldByBot') : c.assignedAgent ? `${t('heldBy')} ${c.assignedAgent.name}` : t('heldByNobody')
  const windowClosed = c.whatsappWindowEndsAt && new Date(c.whatsappWindowEndsAt) < new Date()
  $('reply-warning').textContent = c.optedOut ? t('optedOut') : windowClosed ? t('whatsappClosed') : ''
  $('reply-warning').hidden = !c.optedOut && !windowClosed
  $('takeover').disabled = heldByMe
  $('handback').disabled = c.holder === 'bot'
  const list = $('messages')
  if (list.dataset.conversation !== id) { list.replaceChildren(); rendered.clear() }
  list.dataset.conversation = id
  // Only additions reach the live region; a changed delivery status replaces its own item.
  for (const m of c.messages) {
    const key = `${m.deliveryStatus}|${m.deliveryError}`
    if (!rendered.has(m.id)) list.append(messageItem(m))
    else if (rendered.get(m.id) !== key) list.querySelector(`[data-id="${m.id}"]`)?.replaceWith(messageItem(m))
    rendered.set(m.id, key)
  }
  $('identities').replaceChildren(...c.citizen.identities.map(i => el('li', {}, `${i.kind} : ${i.value}`)))
  // Live refreshes come often (every delivery receipt): keep a ticket's row, and the status the agent
  // may be choosing in it, unless the ticket itself changed.
  const shownTickets = new Map([...$('tickets').children].map(li => [li.dataset.key, li]))
  $('tickets').replaceChildren(...c.tickets.map(tk => shownTickets.get(`${tk.id}|${tk.status}|${tk.title}`) ?? ticketItem(tk)))
  currentCitizenId = c.citizen.id
  const citizen = await api('GET', `/api/citizens/${encodeURIComponent(c.citizen.id)}`)
  $('suggestions').replaceChildren(...citizen.mergeSuggestions.map(s => el('li', {},
    `${s.displayName ?? s.citizenId} (${s.matched.kind} : ${s.matched.value}) `,
    el('button', { type: 'button', onclick: () => mergeInto(c.citizen.id, s.citizenId) }, t('merge')))))
  $('merges').replaceChildren(...citizen.merges.map(m => el('li', {}, `${formatDate(m.createdAt)}${m.undoneAt ? ` · ${t('undone')}` : ''} `,
    m.undoneAt ? null : el('button', { type: 'button', onclick: () => undoMerge(m.id) }, t('undoMerge')))))
  // The citizen's whole history across channels: what happened outside this conversation.
  $('citizen-timeline').replaceChildren(...citizen.timeline
    .filter(item => item.type === 'ticket' || item.message.conversationId !== c.id)
    .slice(-50)
    .map(item => item.type === 'ticket'
      ? el('li', { class: 'message ticket' }, el('p', { class: 'meta' }, `${formatDate(item.at)} · ${item.ticket.reference} · ${t(`ticket_${item.ticket.status}`)}`), el('p', { class: 'text' }, item.ticket.title))
      : el('li', { class: `message ${item.message.direction}` }, el('p', { class: 'meta' }, `${formatDate(item.at)} · ${item.message.channel} · ${t(AUTHOR[item.message.author] ?? 'systemAuthor')}`), el('p', { class: 'text' }, item.message.text))))
  await loadList()
}

const TICKET_STATUSES = ['new', 'in_progress', 'waiting_citizen', 'resolved', 'closed']

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
  return el('li', { 'data-key': `${tk.id}|${tk.status}|${tk.title}` }, `${tk.reference} · ${tk.title}`,
    el('label', { for: id }, `${t('ticketStatus')} ${tk.reference}`), statusSelect, ' ',
    el('button', { type: 'button', onclick: update }, t('update')))
}

async function act (path, doneKey, body) {
  try {
    await api('POST', `/api/conversations/${encodeURIComponent(selected)}${path}`, body)
    announce(t(doneKey))
  } catch (e) {
    announce(e.status === 409 ? t('conflict') : `${t('error')} : ${e.message}`)
  }
  await select(selected)
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
  $('canned').replaceChildren(el('option', { value: '' }, t('none')), ...canned.map(c => el('option', { value: c.id }, `${c.title} (${c.lang})`)))
}

function wire () {
  $('list-filter').addEventListener('change', loadList)
  $('takeover').addEventListener('click', () => act('/takeover', 'tookOver'))
  $('handback').addEventListener('click', () => act('/handback', 'handedBack'))
  $('assign').addEventListener('click', () => act('/assign', 'updated', { agentId: $('assign-agent').value }))
  $('canned').addEventListener('change', () => {
    const chosen = canned.find(c => c.id === $('canned').value)
    if (chosen) $('reply-text').value = chosen.text
  })
  $('reply-form').addEventListener('submit', async event => {
    event.preventDefault()
    const text = $('reply-text').value
    $('reply-text').value = ''
    await act('/messages', 'sent', { text })
  })
  $('ticket-form').addEventListener('submit', async event => {
    event.preventDefault()
    try {
      // Opened for the citizen through the tickets API, which acknowledges it to them.
      await api('POST', '/api/tickets', { citizenId: currentCitizenId, conversationId: selected, category: $('ticket-category').value, description: $('ticket-description').value })
      $('ticket-description').value = ''
      announce(t('ticketOpened'))
    } catch (e) { announce(`${t('error')} : ${e.message}`) }
    await select(selected)
  })
  $('note-form').addEventListener('submit', async event => {
    event.preventDefault()
    const text = $('note-text').value
    $('note-text').value = ''
    await act('/notes', 'noteSaved', { text })
  })
  document.addEventListener('langchange', () => { applyTexts(); fillSelects(); rendered.clear(); $('tickets').replaceChildren(); $('messages').dataset.conversation = ''; if (selected) select(selected); else loadList() })
}

startPage(async agent => {
  me = agent
  wire()
  ;[{ agents }, { cannedResponses: canned }, { categories }] = await Promise.all([api('GET', '/api/agents'), api('GET', '/api/canned-responses'), api('GET', '/api/inbox/ticket-categories')])
  fillSelects()
  await loadList()
  let pending
  // With several instances each one pushes only what it handled: a slow poll catches the rest.
  setInterval(() => { if (!document.hidden) loadList() }, 30_000)
  openLiveFeed(event => {
    // Coalesce bursts (a reply causes several events) into one refresh.
    clearTimeout(pending)
    pending = setTimeout(() => { if (selected && event.conversationId === selected) select(selected); else loadList() }, 100)
  })
})

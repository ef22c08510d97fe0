// Step two, after the message is stored: decide what to answer. The answerer (intents/) says
// what to say and do; this file applies it in ONE transaction: dialog state, tickets, hand-offs,
// opt-outs and the outbound messages. A message is handled once (processedAt), and messages left
// unhandled by a stop are handled at the next start.
//
// Turns are handled in batches (many messages, one transaction, multi-row statements): one
// statement through Prisma costs ≈0.4 ms of CPU, so per-message statements cap the assistant
// at ~50 messages/s. A batch holds at most one message per citizen (the turn runner sees to
// it), so every turn still sees everything its citizen's previous turn wrote.
import type { Db, Tx } from '../db/client.ts'
import { randomUUID } from 'node:crypto'
import { bulkUpdate, insertRows } from '../db/bulk-write.ts'
import type { Lang } from '../domain.ts'
import type { Answerer, TownData, Turn, TurnAction, TurnResult } from './assistant.ts'
import { enqueueOutboundMany, type EnqueueInput } from './outbox.ts'
import { openTicketFromConversation, type TicketSettings } from '../tickets/ticket-service.ts'
import { recordCitizenReplyOnTicket } from '../tickets/citizen-reply.ts'
import { routeReplyToWaitingTicket, ticketsWaitingFor } from '../tickets/waiting-reply.ts'

export type TurnDeps = {
  db: Db
  answerer: Answerer
  townData: TownData
  tickets: TicketSettings & { publicUrl: string }
  /** Channels whose replies to one turn go out as one message (ChannelAdapter.oneMessagePerTurn). */
  oneMessagePerTurn?: (channel: string) => boolean
  now?: () => Date
}

export type TurnOutcome = { messageId: number, conversationId: string, handled: 'answered' | 'held_by_agent' | 'not_answered' | 'already_done', replies: number }

const YIELD_EVERY = 16
const ALWAYS_APPLIED: TurnAction['type'][] = ['opt_out', 'opt_in']

type Answered = {
  messageId: number
  conversation: { id: string, identityId: string, firstResponseAt: Date | null, misunderstandings: number }
  citizenId: string
  channel: string
  heldByAgent: boolean
  result: TurnResult
  actions: TurnAction[]
  texts: string[]
}

/** Handles these messages (at most one per citizen); returns what happened to each, in id order. */
export async function handleTurns (deps: TurnDeps, messageIds: number[]): Promise<TurnOutcome[]> {
  const { db } = deps
  const messages = await db.message.findMany({
    where: { id: { in: messageIds }, direction: 'inbound' },
    orderBy: { id: 'asc' },
    include: { attachments: { select: { id: true, contentType: true, filename: true } } },
  })
  const outcomes: TurnOutcome[] = messages.filter(m => m.processedAt).map(m => ({ messageId: m.id, conversationId: m.conversationId, handled: 'already_done', replies: 0 }))
  const todo = messages.filter(m => !m.processedAt)
  if (!todo.length) return outcomes
  const now = deps.now?.() ?? new Date()
  const conversationIds = [...new Set(todo.map(m => m.conversationId))]
  const [conversations, firstInbound, waiting] = await Promise.all([
    db.conversation.findMany({ where: { id: { in: conversationIds } } }).then(rows => new Map(rows.map(c => [c.id, c]))),
    db.message.groupBy({ by: ['conversationId'], where: { conversationId: { in: conversationIds }, direction: 'inbound' }, _min: { id: true } })
      .then(rows => new Map(rows.map(r => [r.conversationId, r._min.id]))),
    ticketsWaitingFor(db, [...new Set(todo.map(m => m.citizenId))]),
  ])

  const silent: number[] = []
  const answered: Answered[] = []
  for (const [index, message] of todo.entries()) {
    // Classifying is synchronous work: let waiting HTTP requests in between, so that a large
    // batch does not hold up the acknowledgement of new messages.
    if (index > 0 && index % YIELD_EVERY === 0) await new Promise(resolve => setImmediate(resolve))
    const conversation = conversations.get(message.conversationId)!
    const meta = message.meta ? JSON.parse(message.meta) as Record<string, unknown> : {}
    if (meta.suppressAutoReply) {
      // Bounces, lists, auto-replies: stored and shown to agents, never answered (no mail loops).
      silent.push(message.id)
      outcomes.push({ messageId: message.id, conversationId: conversation.id, handled: 'not_answered', replies: 0 })
      continue
    }
    const isFirstMessage = firstInbound.get(conversation.id) === message.id
    const turn: Turn = {
      text: message.nluText ?? message.text,
      channel: message.channel as Turn['channel'],
      lang: isFirstMessage ? undefined : conversation.lang as Lang,
      attachments: message.attachments,
      location: meta.location as Turn['location'],
      dialogState: conversation.dialogState ? JSON.parse(conversation.dialogState) : null,
      misunderstandings: conversation.misunderstandings,
      isFirstMessage,
      citizenId: message.citizenId,
      now,
    }
    // A ticket waiting for this citizen's answer takes the message (issue 4); STOP/START keep working.
    const result = routeReplyToWaitingTicket(waiting.get(message.citizenId), turn, await deps.answerer.answer(turn, deps.townData))
    const heldByAgent = conversation.holder === 'agent'
    // While a person holds the conversation the assistant stays silent, but STOP/START always work.
    const actions = heldByAgent ? result.actions.filter(a => ALWAYS_APPLIED.includes(a.type)) : result.actions
    const replies = heldByAgent ? (actions.length ? result.replies : []) : result.replies
    const welcome = isFirstMessage && !heldByAgent ? [deps.answerer.welcome(result.lang, turn.channel, deps.townData)] : []
    const texts = [...welcome, ...replies]
    answered.push({
      messageId: message.id,
      conversation,
      citizenId: message.citizenId,
      channel: message.channel,
      heldByAgent,
      result,
      actions,
      // Email answers a turn with one mail, not a mail per sentence.
      texts: deps.oneMessagePerTurn?.(message.channel) && texts.length > 1 ? [texts.join('\n\n')] : texts,
    })
    outcomes.push({ messageId: message.id, conversationId: conversation.id, handled: heldByAgent ? 'held_by_agent' : 'answered', replies: texts.length })
  }

  await db.$transaction(tx => applyTurns(tx, deps, [...silent, ...answered.map(a => a.messageId)], answered, now), { timeout: 30_000 })
  return outcomes.sort((a, b) => a.messageId - b.messageId)
}

/** Handles one message (see handleTurns). */
export async function handleTurn (deps: TurnDeps, messageId: number): Promise<TurnOutcome> {
  const [outcome] = await handleTurns(deps, [messageId])
  if (!outcome) throw new Error(`no inbound message ${messageId}`)
  return outcome
}

async function applyTurns (tx: Tx, deps: TurnDeps, processed: number[], answered: Answered[], now: Date): Promise<void> {
  await tx.message.updateMany({ where: { id: { in: processed } }, data: { processedAt: now } })
  if (!answered.length) return
  await bulkUpdate(tx, 'Message', { intent: 'text', confidence: 'double', lang: 'text' },
    answered.map(a => ({ id: a.messageId, values: { intent: a.result.intent, confidence: a.result.confidence, lang: a.result.lang } })))
  for (const lang of new Set(answered.map(a => a.result.lang))) {
    await tx.citizen.updateMany({ where: { id: { in: answered.filter(a => a.result.lang === lang).map(a => a.citizenId) } }, data: { lang } })
  }
  const botHeld = answered.filter(a => !a.heldByAgent)
  await bulkUpdate(tx, 'Conversation', { lang: 'text', dialogState: 'text', misunderstandings: 'integer', lastIntent: 'text' }, botHeld.map(a => ({
    id: a.conversation.id,
    values: {
      lang: a.result.lang,
      dialogState: a.result.dialogState == null ? null : JSON.stringify(a.result.dialogState),
      // Turns of one conversation never share a batch: what was read is current.
      misunderstandings: a.result.misunderstood ? a.conversation.misunderstandings + 1 : 0,
      lastIntent: a.result.intent,
    },
  })))
  const outgoing: EnqueueInput[] = answered.flatMap(a => a.texts.map(text => ({
    conversationId: a.conversation.id, citizenId: a.citizenId, channel: a.channel, lang: a.result.lang, now, text, author: 'bot' as const,
    bypassOptOut: a.actions.some(action => action.type === 'opt_out'),
  })))
  await enqueueOutboundMany(tx, outgoing)
  // Recorded when it happens, for the managers' figures (LESSONS.md); agents' replies do the same in src/inbox.
  const firstAnswers = [...new Set(answered.filter(a => a.texts.length && !a.conversation.firstResponseAt).map(a => a.conversation.id))]
  if (firstAnswers.length) {
    const unanswered = (await tx.conversation.findMany({ where: { id: { in: firstAnswers }, firstResponseAt: null }, select: { id: true } })).map(c => c.id)
    if (unanswered.length) {
      await tx.conversation.updateMany({ where: { id: { in: unanswered } }, data: { firstResponseAt: now } })
      await insertRows(tx, 'ConversationEvent', unanswered.map(conversationId => ({ id: randomUUID(), conversationId, type: 'first_response', agentId: null, detail: 'bot', createdAt: now })))
    }
  }
  for (const a of answered) {
    const ctx = { conversationId: a.conversation.id, citizenId: a.citizenId, channel: a.channel, lang: a.result.lang, identityId: a.conversation.identityId, now, result: a.result }
    for (const action of a.actions) await applyAction(tx, deps, action, ctx)
  }
}

type ActionContext = { conversationId: string, citizenId: string, channel: string, lang: Lang, identityId: string, now: Date, result: TurnResult }

async function applyAction (tx: Tx, deps: TurnDeps, action: TurnAction, ctx: ActionContext): Promise<void> {
  const { now } = ctx
  switch (action.type) {
    case 'open_ticket': {
      const { type: _type, ...ticket } = action
      await openTicketFromConversation(tx, deps.tickets, {
        ...ticket,
        source: 'conversation',
        citizenId: ctx.citizenId,
        conversationId: ctx.conversationId,
        channel: ctx.channel,
        lang: ctx.lang,
        actor: { kind: 'citizen', id: ctx.citizenId },
      }, now)
      return
    }
    case 'hand_to_agent':
      await tx.conversation.update({
        where: { id: ctx.conversationId },
        data: { holder: 'agent', needsHuman: true, needsHumanReason: action.reason, needsHumanSince: now, dialogState: null },
      })
      await tx.conversationEvent.create({ data: { conversationId: ctx.conversationId, type: 'handoff_requested', detail: action.reason, createdAt: now } })
      return
    case 'opt_out':
    case 'opt_in':
      await tx.identity.update({ where: { id: ctx.identityId }, data: { optedOutAt: action.type === 'opt_out' ? now : null } })
      await tx.consentEvent.create({ data: { identityId: ctx.identityId, action: action.type, keyword: action.keyword, createdAt: now } })
      return
    case 'alerts':
      if (action.subscribe) {
        await tx.alertSubscription.upsert({
          where: { identityId_topic: { identityId: ctx.identityId, topic: action.topic } },
          create: { identityId: ctx.identityId, topic: action.topic, createdAt: now },
          update: {},
        })
      } else {
        await tx.alertSubscription.deleteMany({ where: { identityId: ctx.identityId, topic: action.topic } })
      }
      await tx.consentEvent.create({ data: { identityId: ctx.identityId, action: action.subscribe ? 'alerts_on' : 'alerts_off', keyword: action.topic, createdAt: now } })
      return
    case 'ticket_reply':
      await recordCitizenReplyOnTicket(tx, { reference: action.reference, citizenId: ctx.citizenId, text: action.text }, now)
  }
}

// Step two, after the message is stored: decide what to answer. The answerer (intents/) says
// what to say and do; this file applies it in ONE transaction: dialog state, tickets, hand-offs,
// opt-outs and the outbound messages. A message is handled once (processedAt), and messages left
// unhandled by a stop are handled at the next start.
//
// Turns are handled in batches (many messages, one transaction, multi-row statements in
// hand-written SQL, src/db/sql.ts): per-message statements through Prisma capped the assistant
// at ~50 messages/s. A batch holds at most one message per citizen (the turn runner sees to
// it), so every turn still sees everything its citizen's previous turn wrote. The answerer runs
// outside any transaction: it reads town data, which must not wait for the connection a
// transaction holds.
import { recordMetric, townDay } from '../metrics/metric-events.ts'
import type { Db, Tx } from '../db/client.ts'
import { orderedId } from '../db/ordered-id.ts'
import { bulkUpdate, insertRows } from '../db/bulk-write.ts'
import { asBool, placeholders, sqlOf, transaction, type Sql } from '../db/sql.ts'
import type { GroupCommit, Work } from '../db/group-commit.ts'
import type { Lang } from '../domain.ts'
import type { Answerer, TownData, Turn, TurnAction, TurnResult } from '../answerer.ts'
import { enqueueOutboundMany, type EnqueueInput } from '../db/outbox.ts'
import { openTicketFromConversation, type TicketSettings } from '../tickets/ticket-service.ts'
import { recordCitizenReplyOnTicket } from '../tickets/citizen-reply.ts'
import { routeReplyToWaitingTicket, ticketsWaitingFor } from '../tickets/waiting-reply.ts'
import { changeSubscription } from '../db/alert-subscriptions.ts'
import { chatInvitation, pendingConsultations, recordConsultationAnswer, routeConsultationAnswer } from '../consultations/answers.ts'
import { recordSatisfaction, routeSatisfactionAnswer, surveysWaitingFor } from '../tickets/satisfaction.ts'
import { outOfHoursNotice } from './out-of-hours.ts'

export type TurnDeps = {
  db: Db
  answerer: Answerer
  townData: TownData
  tickets: TicketSettings & { publicUrl: string }
  /** Channels whose replies to one turn go out as one message (ChannelAdapter.oneMessagePerTurn). */
  oneMessagePerTurn?: (channel: string) => boolean
  /** Shared with the other hot-path writers (ConversationCore); a transaction of its own otherwise. */
  commit?: GroupCommit
  now?: () => Date
}

export type TurnOutcome = { messageId: number, conversationId: string, handled: 'answered' | 'held_by_agent' | 'not_answered' | 'already_done', replies: number }

const YIELD_EVERY = 16
const ALWAYS_APPLIED: TurnAction['type'][] = ['opt_out', 'opt_in']

type Answered = {
  messageId: number
  conversation: { id: string, identityId: string, firstResponseAt: unknown, misunderstandings: number, lastIntent: string | null }
  citizenId: string
  citizenLang: string | null
  channel: string
  heldByAgent: boolean
  result: TurnResult
  actions: TurnAction[]
  texts: string[]
  /** A consultation opened in the web chat, offered after the first answer (issue 20). */
  invitation?: { consultationId: string, text: string }
  /** The citizen's answer to the satisfaction question (issue 18). */
  satisfaction?: { ticketId: string, score: number }
}

// A message with all its turn needs: its conversation (a batch never holds two messages of
// one conversation), whether it is the conversation's first inbound message (it gets the
// assistant notice), the citizen's language, whether it has attachments. One query per batch.
type TurnRow = {
  id: number, conversationId: string, citizenId: string, channel: string, text: string, nluText: string | null, meta: string | null, processedAt: unknown,
  identityId: string, holder: string, assignedAgentId: string | null, lang: string | null, dialogState: string | null, misunderstandings: number, firstResponseAt: unknown, lastIntent: string | null,
  citizenLang: string | null, firstInboundId: number | null, hasAttachments: unknown, serviceCode: string | null
}

const TURN_QUERY = (n: number) => `SELECT m."id", m."conversationId", m."citizenId", m."channel", m."text", m."nluText", m."meta", m."processedAt",
    c."identityId", c."holder", c."assignedAgentId", c."lang", c."dialogState", c."misunderstandings", c."firstResponseAt", c."lastIntent", ci."lang" AS "citizenLang",
    (SELECT f."id" FROM "Message" f WHERE f."conversationId" = m."conversationId" AND f."direction" = 'inbound' ORDER BY f."id" LIMIT 1) AS "firstInboundId",
    EXISTS (SELECT 1 FROM "Attachment" a WHERE a."messageId" = m."id") AS "hasAttachments",
    (SELECT t."serviceCode" FROM "Ticket" t WHERE t."citizenId" = m."citizenId" AND t."conversationId" = m."conversationId"
      AND t."status" IN ('new', 'in_progress', 'waiting_citizen') ORDER BY t."createdAt" DESC LIMIT 1) AS "serviceCode"
  FROM "Message" m JOIN "Conversation" c ON c."id" = m."conversationId" JOIN "Citizen" ci ON ci."id" = m."citizenId"
  WHERE m."id" IN ${placeholders(n)} AND m."direction" = 'inbound' ORDER BY m."id"`

/** Handles these messages (at most one per citizen) in a transaction of their own; returns what happened to each, in id order. */
export async function handleTurns (deps: TurnDeps, messageIds: number[]): Promise<TurnOutcome[]> {
  const plan = await planTurns(sqlOf(deps.db), deps, messageIds)
  if (plan.silent.length || plan.answered.length) {
    const work: Work<void> = (sql, prisma) => applyTurns(sql, prisma, deps, plan)
    const options = { needsPrisma: plan.answered.some(a => a.actions.length) }
    await (deps.commit ? deps.commit.run(work, options) : transaction(deps.db, work, options))
  }
  return plan.outcomes.sort((a, b) => a.messageId - b.messageId)
}

type Plan = { outcomes: TurnOutcome[], silent: number[], answered: Answered[], now: Date }

/** Reads the messages and asks the answerer; writes nothing. */
async function planTurns (sql: Sql, deps: TurnDeps, messageIds: number[]): Promise<Plan> {
  const now = deps.now?.() ?? new Date()
  if (!messageIds.length) return { outcomes: [], silent: [], answered: [], now }
  const messages = await sql.all<TurnRow>(TURN_QUERY(messageIds.length), messageIds)
  const outcomes: TurnOutcome[] = messages.filter(m => m.processedAt).map(m => ({ messageId: m.id, conversationId: m.conversationId, handled: 'already_done', replies: 0 }))
  const todo = messages.filter(m => !m.processedAt)
  if (!todo.length) return { outcomes, silent: [], answered: [], now }
  const withAttachments = todo.filter(m => asBool(m.hasAttachments)).map(m => m.id)
  const citizenIds = [...new Set(todo.map(m => m.citizenId))]
  const [attachments, waiting, surveys, consultations] = await Promise.all([
    withAttachments.length
      ? sql.all<{ id: string, messageId: number, contentType: string, filename: string }>(
        `SELECT "id", "messageId", "contentType", "filename" FROM "Attachment" WHERE "messageId" IN ${placeholders(withAttachments.length)}`, withAttachments)
      : [],
    ticketsWaitingFor(sql, citizenIds),
    surveysWaitingFor(sql, citizenIds, now),
    pendingConsultations(sql, [...new Set(todo.map(m => m.identityId))], now),
  ])

  const silent: number[] = []
  const answered: Answered[] = []
  for (const [index, message] of todo.entries()) {
    // Classifying is synchronous work: let waiting HTTP requests in between, so that a large
    // batch does not hold up the acknowledgement of new messages.
    if (index > 0 && index % YIELD_EVERY === 0) await new Promise(resolve => setImmediate(resolve))
    const conversation = { id: message.conversationId, identityId: message.identityId, holder: message.holder, lang: message.lang, dialogState: message.dialogState, misunderstandings: message.misunderstandings, firstResponseAt: message.firstResponseAt, lastIntent: message.lastIntent }
    const meta = message.meta ? JSON.parse(message.meta) as Record<string, unknown> : {}
    if (meta.suppressAutoReply) {
      // Bounces, lists, auto-replies: stored and shown to agents, never answered (no mail loops).
      silent.push(message.id)
      outcomes.push({ messageId: message.id, conversationId: conversation.id, handled: 'not_answered', replies: 0 })
      continue
    }
    const isFirstMessage = message.firstInboundId === message.id
    // Handed to the agents but not yet taken by one: the assistant keeps answering (issue 16: never silence).
    const waitingForAgent = conversation.holder === 'agent' && message.assignedAgentId === null
    const turn: Turn = {
      text: message.nluText ?? message.text,
      channel: message.channel as Turn['channel'],
      lang: isFirstMessage ? undefined : conversation.lang as Lang,
      attachments: attachments.filter(a => a.messageId === message.id).map(({ id, contentType, filename }) => ({ id, contentType, filename })),
      location: meta.location as Turn['location'],
      dialogState: conversation.dialogState ? JSON.parse(conversation.dialogState) : null,
      misunderstandings: conversation.misunderstandings,
      isFirstMessage,
      citizenId: message.citizenId,
      now,
      waitingForAgent,
      serviceCode: message.serviceCode,
    }
    // A ticket waiting for this citizen's answer takes the message (issue 4); STOP/START keep working.
    // A consultation the citizen was just asked takes an answer to it (issue 20); then a satisfaction survey, a waiting ticket.
    const answer = await deps.answerer.answer(turn, deps.townData)
    const consulted = routeConsultationAnswer(consultations.pending.get(message.identityId), turn, answer, deps.tickets.timeZone)
    const survey = surveys.get(message.citizenId)
    const { result, score } = consulted !== answer
      ? { result: consulted, score: undefined }
      : routeSatisfactionAnswer(survey, turn, routeReplyToWaitingTicket(waiting.get(message.citizenId), turn, answer))
    const heldByAgent = conversation.holder === 'agent' && !waitingForAgent
    // While a person holds the conversation the assistant stays silent, but STOP/START always work.
    const actions = heldByAgent ? result.actions.filter(a => ALWAYS_APPLIED.includes(a.type)) : result.actions
    const closedNotice = actions.some(a => a.type === 'hand_to_agent') && result.saysWhenAgentAnswers !== true ? outOfHoursNotice(result.lang, now, message.serviceCode) : undefined
    const replies = heldByAgent ? (actions.length ? result.replies : []) : [...result.replies, ...(closedNotice ? [closedNotice] : [])]
    const welcome = isFirstMessage && !heldByAgent ? [deps.answerer.welcome(result.lang, turn.channel, deps.townData)] : []
    const texts = [...welcome, ...replies]
    const invitation = isFirstMessage && !heldByAgent && turn.channel === 'webchat' ? chatInvitation(consultations.inChat, result) : undefined
    answered.push({
      messageId: message.id,
      conversation,
      citizenId: message.citizenId,
      citizenLang: message.citizenLang,
      channel: message.channel,
      heldByAgent,
      result,
      actions,
      // Email answers a turn with one mail, not a mail per sentence.
      texts: deps.oneMessagePerTurn?.(message.channel) && texts.length > 1 ? [texts.join('\n\n')] : texts,
      ...(invitation ? { invitation } : {}),
      ...(survey && score ? { satisfaction: { ticketId: survey.ticketId, score } } : {}),
    })
    outcomes.push({ messageId: message.id, conversationId: conversation.id, handled: heldByAgent ? 'held_by_agent' : 'answered', replies: texts.length + (invitation ? 1 : 0) })
  }

  return { outcomes, silent, answered, now }
}

/** Handles one message (see handleTurns). */
export async function handleTurn (deps: TurnDeps, messageId: number): Promise<TurnOutcome> {
  const [outcome] = await handleTurns(deps, [messageId])
  if (!outcome) throw new Error(`no inbound message ${messageId}`)
  return outcome
}

async function applyTurns (sql: Sql, prisma: () => Tx, deps: TurnDeps, plan: Plan): Promise<void> {
  const { silent, now } = plan
  if (silent.length) await sql.run(`UPDATE "Message" SET "processedAt" = ? WHERE "id" IN ${placeholders(silent.length)}`, [now, ...silent])
  if (!plan.answered.length) return
  // Claimed in this transaction: another instance resuming the same messages at its start (or a
  // second process on SQLite) waits for this one and then finds them done, so nothing is answered twice (issue 19).
  const ids = plan.answered.map(a => a.messageId)
  const claimed = new Set((await sql.all<{ id: number }>(`UPDATE "Message" SET "processedAt" = ? WHERE "id" IN ${placeholders(ids.length)} AND "processedAt" IS NULL RETURNING "id"`, [now, ...ids])).map(r => Number(r.id)))
  const answered = plan.answered.filter(a => claimed.has(a.messageId))
  if (!answered.length) return
  await bulkUpdate(sql, 'Message', { processedAt: 'timestamp', intent: 'text', confidence: 'double', lang: 'text' },
    answered.map(a => ({ id: a.messageId, values: { processedAt: now, intent: a.result.intent, confidence: a.result.confidence, lang: a.result.lang } })))
  // The citizen's language follows their latest message (notices about their tickets use it).
  await bulkUpdate(sql, 'Citizen', { lang: 'text', updatedAt: 'timestamp' }, answered.filter(a => a.citizenLang !== a.result.lang)
    .map(a => ({ id: a.citizenId, values: { lang: a.result.lang, updatedAt: now } })))
  const botHeld = answered.filter(a => !a.heldByAgent)
  await bulkUpdate(sql, 'Conversation', { lang: 'text', dialogState: 'text', misunderstandings: 'integer', lastIntent: 'text', updatedAt: 'timestamp' }, botHeld.map(a => ({
    id: a.conversation.id,
    values: {
      lang: a.result.lang,
      dialogState: a.result.dialogState == null ? null : JSON.stringify(a.result.dialogState),
      // Turns of one conversation never share a batch: what was read is current.
      misunderstandings: a.result.misunderstood ? a.conversation.misunderstandings + 1 : 0,
      lastIntent: a.result.intent,
      updatedAt: now,
    },
  })))
  // What citizens ask, for the managers' figures: once per conversation and intent in a row, not per message.
  const newIntents = botHeld.filter(a => a.result.intent !== a.conversation.lastIntent)
  await insertRows(sql, 'MetricEvent', newIntents.map(a => ({ type: 'intent', at: now, day: townDay(now), channel: a.channel, label: a.result.intent, conversationId: a.conversation.id })))
  const outgoing: EnqueueInput[] = answered.flatMap(a => a.texts.map(text => ({
    conversationId: a.conversation.id, citizenId: a.citizenId, channel: a.channel, lang: a.result.lang, now, text, author: 'bot' as const,
    bypassOptOut: a.actions.some(action => action.type === 'opt_out'),
    meta: consultationMeta(a.actions),
  })).concat(a.invitation ? [{
    conversationId: a.conversation.id, citizenId: a.citizenId, channel: a.channel, lang: a.result.lang, now, text: a.invitation.text, author: 'bot' as const,
    bypassOptOut: false, meta: { consultationId: a.invitation.consultationId },
  }] : []))
  await enqueueOutboundMany(sql, outgoing)
  // Recorded when it happens, for the managers' figures (LESSONS.md); agents' replies do the same in src/inbox.
  const firstAnswers = [...new Set(answered.filter(a => a.texts.length && !a.conversation.firstResponseAt).map(a => a.conversation.id))]
  if (firstAnswers.length) {
    const unanswered = (await sql.all<{ id: string }>(`SELECT "id" FROM "Conversation" WHERE "id" IN ${placeholders(firstAnswers.length)} AND "firstResponseAt" IS NULL`, firstAnswers)).map(c => c.id)
    if (unanswered.length) {
      await sql.run(`UPDATE "Conversation" SET "firstResponseAt" = ?, "updatedAt" = ? WHERE "id" IN ${placeholders(unanswered.length)}`, [now, now, ...unanswered])
      await insertRows(sql, 'ConversationEvent', unanswered.map(conversationId => ({ id: orderedId(), conversationId, type: 'first_response', agentId: null, detail: 'bot', createdAt: now })))
    }
  }
  for (const a of answered) {
    const ctx = { conversationId: a.conversation.id, citizenId: a.citizenId, channel: a.channel, lang: a.result.lang, identityId: a.conversation.identityId, now, result: a.result }
    for (const action of a.actions) await applyAction(prisma(), deps, action, ctx)
    if (a.satisfaction) await recordSatisfaction(prisma(), a.satisfaction.ticketId, a.satisfaction.score, a.channel, now)
  }
}

/** The thanks for a consultation answer belongs to the consultation: the citizen can still change their answer. */
function consultationMeta (actions: TurnAction[]): Record<string, unknown> | undefined {
  const answer = actions.find(a => a.type === 'consultation_answer')
  return answer ? { consultationId: answer.consultationId } : undefined
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
      await recordMetric(tx, { type: 'handoff', at: now, channel: ctx.channel, label: action.reason, conversationId: ctx.conversationId })
      return
    case 'back_to_assistant':
      await tx.conversation.update({
        where: { id: ctx.conversationId },
        data: { holder: 'bot', needsHuman: false, needsHumanReason: null, needsHumanSince: null },
      })
      await tx.conversationEvent.create({ data: { conversationId: ctx.conversationId, type: 'handback', detail: 'citizen', createdAt: now } })
      return
    case 'opt_out':
    case 'opt_in':
      await tx.identity.update({ where: { id: ctx.identityId }, data: { optedOutAt: action.type === 'opt_out' ? now : null } })
      await tx.consentEvent.create({ data: { identityId: ctx.identityId, action: action.type, keyword: action.keyword, createdAt: now } })
      return
    case 'alerts': {
      // An explicit yes to a question naming the topic and the channel (issue 20): a consent event says how.
      // "all" is every topic of the town.
      const topics = action.topic === 'all' ? (await tx.alertTopic.findMany({ select: { code: true } })).map(t => t.code) : [action.topic]
      for (const topic of topics) await changeSubscription(tx, { identityId: ctx.identityId, topic, subscribe: action.subscribe, zone: action.zone, via: 'conversation', now })
      return
    }
    case 'consultation_answer':
      await recordConsultationAnswer(tx, { consultationId: action.consultationId, citizenId: ctx.citizenId, identityId: ctx.identityId, optionIndex: action.optionIndex, text: action.text, wantsResult: action.wantsResult, now })
      return
    case 'ticket_reply':
      await recordCitizenReplyOnTicket(tx, { reference: action.reference, citizenId: ctx.citizenId, text: action.text }, now)
  }
}

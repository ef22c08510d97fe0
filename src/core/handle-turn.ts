// Step two, after the message is stored: decide what to answer. The answerer (intents/) says
// what to say and do; this file applies it in ONE transaction: dialog state, tickets, hand-offs,
// opt-outs and the outbound messages. A message is handled once (processedAt), and messages left
// unhandled by a stop are handled at the next start.
//
// Turns are handled in batches (many messages, one transaction, multi-row statements in the
// repositories of src/db; the policy: src/db/batching.ts): per-message statements through Prisma
// capped the assistant at ~50 messages/s. A batch holds at most one message per citizen (the turn
// runner sees to it), so every turn still sees everything its citizen's previous turn wrote. The
// answerer runs outside any transaction: it reads town data, which must not wait for the
// connection a transaction holds. Tickets, consultations and alerts are reached through the
// TurnFeatures port (turn-features.ts).
import { recordIntents, recordMetric } from '../metrics/metric-events.ts'
import type { Db } from '../db/client.ts'
import { inTransaction, type Transaction } from '../db/transaction.ts'
import type { GroupCommit, Work } from '../db/group-commit.ts'
import type { Lang } from '../domain.ts'
import type { Answerer, TownData, Turn, TurnAction, TurnResult } from '../answerer.ts'
import { enqueueOutboundMany, type EnqueueInput } from '../db/outbox.ts'
import { attachmentsOf, claimUnprocessed, loadTurnMessages, markProcessed } from '../db/messages.ts'
import { setLanguages } from '../db/citizens.ts'
import { handBackToAssistant, handToAgents, recordFirstResponses, saveTurnStates } from '../db/conversations.ts'
import { recordConsent } from '../db/identities.ts'
import type { ActionContext, CoreAction, RoutedAnswer, TurnFeatures } from './turn-features.ts'
import { outOfHoursNotice } from './out-of-hours.ts'

export type TurnDeps = {
  db: Db
  answerer: Answerer
  townData: TownData
  /** Tickets, consultations, alerts: what a turn reaches beyond its conversation. */
  features: TurnFeatures
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
  /** What a feature records with this answer (the citizen's satisfaction score, issue 18). */
  record?: RoutedAnswer['record']
  /** A feature's own message after the answer (a consultation offered in the web chat, issue 20). */
  followUp?: RoutedAnswer['followUp']
}

/** Handles these messages (at most one per citizen) in a transaction of their own; returns what happened to each, in id order. */
export async function handleTurns (deps: TurnDeps, messageIds: number[]): Promise<TurnOutcome[]> {
  const plan = await planTurns(deps, messageIds)
  if (plan.silent.length || plan.answered.length) {
    const work: Work<void> = tx => applyTurns(tx, deps, plan)
    const options = { needsPrisma: plan.answered.some(a => a.actions.length || a.record) }
    await (deps.commit ? deps.commit.run(work, options) : inTransaction(deps.db, work, options))
  }
  return plan.outcomes.sort((a, b) => a.messageId - b.messageId)
}

type Plan = { outcomes: TurnOutcome[], silent: number[], answered: Answered[], now: Date }

/** Reads the messages and asks the answerer; writes nothing. */
async function planTurns (deps: TurnDeps, messageIds: number[]): Promise<Plan> {
  const now = deps.now?.() ?? new Date()
  if (!messageIds.length) return { outcomes: [], silent: [], answered: [], now }
  const messages = await loadTurnMessages(deps.db, messageIds)
  const outcomes: TurnOutcome[] = messages.filter(m => m.processedAt).map(m => ({ messageId: m.id, conversationId: m.conversationId, handled: 'already_done', replies: 0 }))
  const todo = messages.filter(m => !m.processedAt)
  if (!todo.length) return { outcomes, silent: [], answered: [], now }
  const withAttachments = todo.filter(m => m.hasAttachments).map(m => m.id)
  const [attachments, route] = await Promise.all([
    attachmentsOf(deps.db, withAttachments),
    deps.features.prepare(deps.db, todo.map(m => ({ citizenId: m.citizenId, identityId: m.identityId })), now),
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
    // A ticket or a question waiting for this citizen may take the message (turn-features.ts).
    const answer = await deps.answerer.answer(turn, deps.townData)
    const routed = route({ citizenId: message.citizenId, identityId: message.identityId }, turn, answer)
    const { result, record } = routed
    const heldByAgent = conversation.holder === 'agent' && !waitingForAgent
    // While a person holds the conversation the assistant stays silent, but STOP/START always work.
    const actions = heldByAgent ? result.actions.filter(a => ALWAYS_APPLIED.includes(a.type)) : result.actions
    const closedNotice = actions.some(a => a.type === 'hand_to_agent') && result.saysWhenAgentAnswers !== true ? outOfHoursNotice(result.lang, now, message.serviceCode) : undefined
    const replies = heldByAgent ? (actions.length ? result.replies : []) : [...result.replies, ...(closedNotice ? [closedNotice] : [])]
    const welcome = isFirstMessage && !heldByAgent ? [deps.answerer.welcome(result.lang, turn.channel, deps.townData)] : []
    const texts = [...welcome, ...replies]
    const followUp = heldByAgent ? undefined : routed.followUp
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
      ...(record ? { record } : {}),
      ...(followUp ? { followUp } : {}),
    })
    outcomes.push({ messageId: message.id, conversationId: conversation.id, handled: heldByAgent ? 'held_by_agent' : 'answered', replies: texts.length + (followUp ? 1 : 0) })
  }

  return { outcomes, silent, answered, now }
}

/** Handles one message (see handleTurns). */
export async function handleTurn (deps: TurnDeps, messageId: number): Promise<TurnOutcome> {
  const [outcome] = await handleTurns(deps, [messageId])
  if (!outcome) throw new Error(`no inbound message ${messageId}`)
  return outcome
}

async function applyTurns (tx: Transaction, deps: TurnDeps, plan: Plan): Promise<void> {
  const { silent, now } = plan
  await markProcessed(tx, silent, now)
  if (!plan.answered.length) return
  // Claimed in this transaction, with what was understood: nothing is answered twice (claimUnprocessed).
  const claimed = await claimUnprocessed(tx, plan.answered.map(a => ({ messageId: a.messageId, intent: a.result.intent, confidence: a.result.confidence, lang: a.result.lang })), now)
  const answered = plan.answered.filter(a => claimed.has(a.messageId))
  if (!answered.length) return
  // The citizen's language follows their latest message (notices about their tickets use it).
  await setLanguages(tx, answered.filter(a => a.citizenLang !== a.result.lang).map(a => ({ citizenId: a.citizenId, lang: a.result.lang })), now)
  const botHeld = answered.filter(a => !a.heldByAgent)
  await saveTurnStates(tx, botHeld.map(a => ({
    conversationId: a.conversation.id,
    lang: a.result.lang,
    dialogState: a.result.dialogState == null ? null : JSON.stringify(a.result.dialogState),
    // Turns of one conversation never share a batch: what was read is current.
    misunderstandings: a.result.misunderstood ? a.conversation.misunderstandings + 1 : 0,
    lastIntent: a.result.intent,
    updatedAt: now,
  })))
  // What citizens ask, for the managers' figures: once per conversation and intent in a row, not per message.
  await recordIntents(tx, botHeld.filter(a => a.result.intent !== a.conversation.lastIntent)
    .map(a => ({ at: now, channel: a.channel, intent: a.result.intent, conversationId: a.conversation.id })))
  const outgoing: EnqueueInput[] = answered.flatMap(a => a.texts.map(text => ({
    conversationId: a.conversation.id, citizenId: a.citizenId, channel: a.channel, lang: a.result.lang, now, text, author: 'bot' as const,
    bypassOptOut: a.actions.some(action => action.type === 'opt_out'),
    meta: consultationMeta(a.actions),
  })).concat(a.followUp ? [{
    conversationId: a.conversation.id, citizenId: a.citizenId, channel: a.channel, lang: a.result.lang, now, text: a.followUp.text, author: 'bot' as const,
    bypassOptOut: false, meta: a.followUp.meta,
  }] : []))
  await enqueueOutboundMany(tx, outgoing)
  // Recorded when it happens, for the managers' figures (LESSONS.md); agents' replies do the same in src/inbox.
  await recordFirstResponses(tx, [...new Set(answered.filter(a => a.texts.length && !a.conversation.firstResponseAt).map(a => a.conversation.id))], 'bot', now)
  for (const a of answered) {
    const ctx = { conversationId: a.conversation.id, citizenId: a.citizenId, channel: a.channel, lang: a.result.lang, identityId: a.conversation.identityId, now, result: a.result }
    for (const action of a.actions) await applyAction(tx, deps, action, ctx)
    if (a.record) await a.record(tx)
  }
}

/** The thanks for a consultation answer belongs to the consultation: the citizen can still change their answer. */
function consultationMeta (actions: TurnAction[]): Record<string, unknown> | undefined {
  const answer = actions.find(a => a.type === 'consultation_answer')
  return answer ? { consultationId: answer.consultationId } : undefined
}

const isCoreAction = (action: TurnAction): action is CoreAction =>
  action.type === 'hand_to_agent' || action.type === 'back_to_assistant' || action.type === 'opt_out' || action.type === 'opt_in'

async function applyAction (tx: Transaction, deps: TurnDeps, action: TurnAction, ctx: ActionContext): Promise<void> {
  if (!isCoreAction(action)) return deps.features.apply(tx, action, ctx)
  const { now } = ctx
  switch (action.type) {
    case 'hand_to_agent':
      await handToAgents(tx, ctx.conversationId, action.reason, now)
      await recordMetric(tx, { type: 'handoff', at: now, channel: ctx.channel, label: action.reason, conversationId: ctx.conversationId })
      return
    case 'back_to_assistant':
      await handBackToAssistant(tx, ctx.conversationId, now)
      return
    case 'opt_out':
    case 'opt_in':
      await recordConsent(tx, ctx.identityId, action.type, action.keyword, now)
  }
}

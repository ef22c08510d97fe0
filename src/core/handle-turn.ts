// Step two, after the message is stored: decide what to answer. The answerer (intents/) says
// what to say and do; this file applies it in ONE transaction: dialog state, tickets, hand-offs,
// opt-outs and the outbound messages. A message is handled once (processedAt), and messages left
// unhandled by a stop are handled at the next start.
import type { Db, Tx } from '../db/client.ts'
import type { Lang } from '../domain.ts'
import type { Answerer, TownData, Turn, TurnAction, TurnResult } from './assistant.ts'
import { enqueueOutbound } from './outbox.ts'
import { openTicketFromConversation, type TicketSettings } from '../tickets/ticket-service.ts'
import { recordCitizenReplyOnTicket } from '../tickets/citizen-reply.ts'
import { routeReplyToWaitingTicket } from '../tickets/waiting-reply.ts'

export type TurnDeps = {
  db: Db
  answerer: Answerer
  townData: TownData
  tickets: TicketSettings & { publicUrl: string }
  /** Channels whose replies to one turn go out as one message (ChannelAdapter.oneMessagePerTurn). */
  oneMessagePerTurn?: (channel: string) => boolean
  now?: () => Date
}

export type TurnOutcome = { conversationId: string, handled: 'answered' | 'held_by_agent' | 'not_answered' | 'already_done', replies: number }

const ALWAYS_APPLIED: TurnAction['type'][] = ['opt_out', 'opt_in']

export async function handleTurn (deps: TurnDeps, messageId: number): Promise<TurnOutcome> {
  const { db } = deps
  const message = await db.message.findUniqueOrThrow({
    where: { id: messageId },
    include: { conversation: true, attachments: { select: { id: true, contentType: true, filename: true } } },
  })
  const conversation = message.conversation
  if (message.processedAt) return { conversationId: conversation.id, handled: 'already_done', replies: 0 }
  const now = deps.now?.() ?? new Date()
  const meta = message.meta ? JSON.parse(message.meta) as Record<string, unknown> : {}

  if (meta.suppressAutoReply) {
    // Bounces, lists, auto-replies: stored and shown to agents, never answered (no mail loops).
    await markProcessed(db, messageId, now)
    return { conversationId: conversation.id, handled: 'not_answered', replies: 0 }
  }

  const isFirstMessage = await db.message.count({ where: { conversationId: conversation.id, direction: 'inbound', id: { lt: messageId } } }) === 0
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
  const result = await routeReplyToWaitingTicket(db, message.citizenId, turn, await deps.answerer.answer(turn, deps.townData))
  const heldByAgent = conversation.holder === 'agent'
  // While a person holds the conversation the assistant stays silent, but STOP/START always work.
  const actions = heldByAgent ? result.actions.filter(a => ALWAYS_APPLIED.includes(a.type)) : result.actions
  const replies = heldByAgent ? (actions.length ? result.replies : []) : result.replies
  const welcome = isFirstMessage && !heldByAgent ? [deps.answerer.welcome(result.lang, turn.channel, deps.townData)] : []

  await db.$transaction(async tx => {
    await tx.message.update({
      where: { id: messageId },
      data: { processedAt: now, intent: result.intent, confidence: result.confidence, lang: result.lang },
    })
    await tx.citizen.update({ where: { id: message.citizenId }, data: { lang: result.lang } })
    if (!heldByAgent) {
      await tx.conversation.update({
        where: { id: conversation.id },
        data: {
          lang: result.lang,
          dialogState: result.dialogState == null ? null : JSON.stringify(result.dialogState),
          misunderstandings: result.misunderstood ? { increment: 1 } : 0,
          lastIntent: result.intent,
        },
      })
    }
    const outbound = { conversationId: conversation.id, citizenId: message.citizenId, channel: message.channel, lang: result.lang, now }
    const texts = [...welcome, ...replies]
    // Email answers a turn with one mail, not a mail per sentence.
    const outgoing = deps.oneMessagePerTurn?.(message.channel) && texts.length > 1 ? [texts.join('\n\n')] : texts
    for (const text of outgoing) {
      await enqueueOutbound(tx, { ...outbound, text, author: 'bot', bypassOptOut: actions.some(a => a.type === 'opt_out') })
    }
    if (welcome.length + replies.length && !conversation.firstResponseAt) {
      // Recorded when it happens, for the managers' figures (LESSONS.md); agents' replies do the same in src/inbox.
      const first = await tx.conversation.updateMany({ where: { id: conversation.id, firstResponseAt: null }, data: { firstResponseAt: now } })
      if (first.count) await tx.conversationEvent.create({ data: { conversationId: conversation.id, type: 'first_response', detail: 'bot', createdAt: now } })
    }
    for (const action of actions) await applyAction(tx, deps, action, { ...outbound, identityId: conversation.identityId, result })
  }, { timeout: 15_000 })
  return { conversationId: conversation.id, handled: heldByAgent ? 'held_by_agent' : 'answered', replies: welcome.length + replies.length }
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

async function markProcessed (db: Db, messageId: number, now: Date): Promise<void> {
  await db.message.update({ where: { id: messageId }, data: { processedAt: now } })
}

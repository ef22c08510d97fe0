// The contract between the core and the channel adapters (channels/<name>/).
// The core owns these types and never imports a channel; adapters only translate.
import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify'
import type { ChannelName, IdentityKind, Lang } from '../domain.ts'
import type { FirstScreen } from '../answerer.ts'
import type { LiveBus, PublicMessage } from '../live/live-bus.ts'

/** How a citizen is reached on one channel. Unique per (kind, value). */
export type Address = {
  kind: IdentityKind
  /** E.164 phone, lower-cased email, webchat session id, Bot Framework user id. */
  value: string
}

export type InboundAttachment = {
  filename: string
  contentType: string
  /** The bytes, already fetched and checked against the channel's limits by the adapter. */
  data?: Buffer
  /** Where it came from (kept for reference; never fetched again by the core). */
  sourceUrl?: string
}

/**
 * A channel's own memory of how to answer a citizen, as botbuilder's ConversationReference: email's
 * thread (the citizen's last Message-ID, References and subject), Bot Framework's service URL and
 * conversation. Only its channel reads and writes it: the channel gives it with an inbound message
 * (InboundMessage.replyReference), the core stores it as JSON where the channel's
 * replyReferenceScope says and hands it back with every send (OutboundMessage.replyReference).
 */
export type ReplyReference = unknown

/** What an adapter hands the core after verifying and parsing one provider payload. */
export type InboundMessage = {
  channel: ChannelName
  /** The provider's id (MessageSid, Message-ID, activity id, the widget's client id): the dedupe key. */
  externalId: string
  from: Address
  text: string
  /** What the classifier should see when it differs from `text` (email: quotes and signature stripped). */
  nluText?: string
  receivedAt?: Date
  attachments?: InboundAttachment[]
  location?: { latitude: number, longitude: number, address?: string }
  /** Channel details stored with the message (email headers, profile name...). Opaque to the core. */
  meta?: Record<string, unknown>
  /** The channel's reply reference as of this message; the core keeps the latest (see ReplyReference). */
  replyReference?: ReplyReference
  /**
   * Lets a channel pick the conversation (email threading by In-Reply-To / References / [DEM-…]).
   * Returns a conversation id of this citizen, or undefined to use the usual rule.
   */
  conversationHint?: string
  /** The channel knows this message starts a thread of its own (an email referring to no earlier mail): open a new conversation. */
  newThread?: boolean
  /** Mail that must never be answered automatically (bounces, lists, auto-replies): stored, shown to agents, not answered. */
  suppressAutoReply?: string
}

export type OutboundAttachment = { filename: string, contentType: string, data: Buffer }

export type OutboundMessage = {
  /** Stable across retries: pass it as the provider's idempotency key where one exists. */
  outboxId: string
  messageId: number
  conversationId: string
  to: Address
  text: string
  /** A previous attempt was under way when its process stopped: it may have gone out (see findSent). */
  outcomeUnknown?: boolean
  author: 'bot' | 'agent' | 'system'
  createdAt: Date
  lang: 'fr' | 'en'
  /** This channel's latest reply reference for the conversation or address (its replyReferenceScope); undefined when it never gave one. */
  replyReference?: ReplyReference
  /** The conversation's ticket reference, if any (email puts it in the subject). */
  ticketReference?: string
  /** The conversation's subject (its first email's), if any. */
  subject?: string
  attachments?: OutboundAttachment[]
  /** When the citizen last wrote from this address (a channel's reply window: WhatsApp's 24 hours); undefined if never. */
  lastInboundAt?: Date
  /** Other kinds of the same address that opted out (a WhatsApp → SMS fallback must not reach a number that sent STOP by SMS). */
  optedOutKinds?: IdentityKind[]
  /** A broadcast (issue 20): email sends it as bulk mail with this subject and a one-click unsubscribe link (RFC 8058). */
  bulk?: { subject: string, unsubscribeUrl?: string }
}

export type SendResult = {
  providerMessageId: string
  /** 'sent' when the provider confirms at once (web chat, SMTP), 'pending' when a status callback will follow. */
  status?: 'sent' | 'delivered' | 'pending'
  /** Extra facts stored on the message (e.g. our email Message-ID for threading). */
  meta?: Record<string, unknown>
}

export type DeliveryUpdate = {
  providerMessageId: string
  status: 'queued' | 'sent' | 'delivered' | 'read' | 'undelivered' | 'failed'
  errorCode?: string
  errorMessage?: string
  at?: Date
  /** The outbox row the send was for, when the provider echoes it (Twilio: in the callback's URL).
   *  A late callback then records a send whose process stopped before it could (issue 19). */
  outboxId?: string
}

/** What the core gives every adapter. The adapter never touches the database itself. */
export type ChannelContext = {
  receive (message: InboundMessage): Promise<{ messageId: number, duplicate: boolean, conversationId: string }>
  updateDelivery (update: DeliveryUpdate): Promise<void>
  /** Small state that must survive restarts (IMAP cursor...). */
  state: { get (key: string): Promise<unknown>, set (key: string, value: unknown): Promise<void> }
  /** The live bus: what a channel pushes through it reaches every instance (issue 19). */
  live: LiveBus
  log: FastifyBaseLogger
}

/** Capability 'history' (the web chat): what a citizen's own chat window shows. */
export type ChatHistory = {
  /** The opening screen of a chat in this language, from the town's data. */
  firstScreen (lang: Lang): Promise<FirstScreen | null>
  /** What this identity's citizen can read back: messages of this identity's conversations, never internal notes. */
  messages (address: Address, afterMessageId: number, limit: number): Promise<PublicMessage[]>
}

/** Capability 'sessions': identities a channel creates itself with a secret (the web chat session and its token hash). */
export type SessionIdentities = {
  /** A new citizen with this identity. */
  register (address: Address, secretHash: string): Promise<void>
  /** 'unknown' when no such identity, 'mismatch' when the secret is not this identity's. */
  check (address: Address, secretHash: string): Promise<'ok' | 'unknown' | 'mismatch'>
}

/** Capability 'threading' (email): the conversation of this sender a message continues. */
export type ThreadLookup = {
  /** From the provider ids it refers to (our Message-IDs, the citizen's earlier ones). */
  byProviderIds (ids: string[], address: Address): Promise<string | undefined>
  /** From a ticket reference owned by this address's citizen. */
  byTicketReference (reference: string, address: Address): Promise<string | undefined>
}

/** What only some channels need, by name: a channel lists those it uses (ChannelAdapter.uses) and its context has these, no other. */
export type ChannelCapabilities = { history: ChatHistory, sessions: SessionIdentities, threading: ThreadLookup }
export type ChannelCapability = keyof ChannelCapabilities

/** The context of a channel that uses the capabilities C. */
export type ContextWith<C extends ChannelCapability = never> = ChannelContext & Pick<ChannelCapabilities, C>

// Method parameters are compared both ways: an adapter that uses some capabilities is still a
// ChannelAdapter to the outbox and the broadcaster, which never call its routes.
type Bivariant<F extends (...args: never[]) => unknown> = { method (...args: Parameters<F>): ReturnType<F> }['method']

/** C: the capabilities the channel uses (none by default). */
export interface ChannelAdapter<C extends ChannelCapability = never> {
  readonly name: ChannelName
  /** The capabilities this channel uses, each C listed: the context it is given has these (and no other). */
  readonly uses?: Readonly<Record<C, true>>
  /** Longest text the channel accepts inbound (longer is refused with 413/400). */
  readonly maxTextLength: number
  /** Replies to one citizen message go out as one message (email: one mail, not one per sentence). */
  readonly oneMessagePerTurn?: boolean
  /**
   * Where the core keeps this channel's reply reference: 'conversation' (the default; email's
   * thread belongs to one conversation) or 'address' (Bot Framework: the user's latest reference
   * serves every conversation of the address, proactive sends into an older one included).
   */
  readonly replyReferenceScope?: ReplyReferenceScope
  /** Mounted at /channels/<name>, inside its own encapsulated fastify plugin. */
  routes?: Bivariant<FastifyPluginAsync<{ ctx: ContextWith<C> }>>
  /** Public pages mounted at the root (the web chat's /chat and /widget.js). */
  pages?: FastifyPluginAsync<{ publicUrl: string, privacyUrl: string, townName: string }>
  /** Long-running work (the IMAP watcher). With several instances on PostgreSQL it runs on one at a
   *  time: started when this instance becomes the leader, stopped when it stops being one (issue 19). */
  start? (ctx: ContextWith<C>): Promise<void>
  stop? (): Promise<void>
  send (message: OutboundMessage): Promise<SendResult>
  /**
   * Before sending again a message whose last attempt has an unknown outcome (the process stopped
   * during the send, `message.outcomeUnknown`): the provider's record of it if it did go out,
   * undefined if it did not. Without it the message is sent again (issue 19).
   */
  findSent? (message: OutboundMessage): Promise<SendResult | undefined>
  /**
   * Whether a message the town sends first (a broadcast) can reach this address at `at`; the reason
   * when it cannot (WhatsApp outside the 24-hour window with no template). Absent: always.
   */
  reaches? (to: Address, lastInboundAt: Date | undefined, at: Date): true | 'whatsapp_window'
}

export type ReplyReferenceScope = 'conversation' | 'address'

export type ChannelDeps = { log: FastifyBaseLogger, publicUrl: string }

/**
 * A channel as the composition root sees it. Its settings are read in two steps so that a wrong
 * setting stops the start before anything touches the database: loadConfig (src/config.ts) calls
 * readSettings for every channel at start, and buildApp creates the adapters from what it returned.
 */
export type ChannelModule<Settings = unknown> = {
  name: ChannelName
  /** The kinds of address this channel reaches: an identity of one of these kinds is written to through it. */
  identityKinds: readonly IdentityKind[]
  /**
   * The channel's slice of the environment, checked: undefined when every variable of the channel
   * is unset (the channel is off); throws a ConfigError naming the variable when one is wrong.
   */
  readSettings (env: NodeJS.ProcessEnv): Settings | undefined
  /** May load the channel's SDK first: only channels that are on are loaded. */
  create (settings: Settings, deps: ChannelDeps): ChannelAdapter | Promise<ChannelAdapter>
}

/** Thrown by send(). The adapter classifies the failure; the outbox decides what to do. */
export class ChannelSendError extends Error {
  override name = 'ChannelSendError'
  constructor (message: string, readonly retryable: boolean, readonly retryAfterMs?: number, options?: ErrorOptions) {
    super(message, options)
  }
}

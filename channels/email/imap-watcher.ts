// Watches the town's mailbox: IDLE where the server offers it (imapflow falls back to NOOP
// polling otherwise), a slow safety poll besides, and reconnection with backoff when the server
// goes away. Each mail is handed over once: the cursor (UIDVALIDITY + last UID) is persisted and
// only advanced after the handler resolved, i.e. after the core stored the mail.
//
// Waiting mail is read in batches (one FETCH, the batch handed to the handler at once so the core
// stores it in few transactions, one STORE \Seen, one cursor write): one mail at a time spent
// most of its time in round trips (docs/performance.md, email throughput).
import { ImapFlow } from 'imapflow'
import type { FastifyBaseLogger } from 'fastify'
import type { ChannelContext } from '../../src/core/channel.ts'
import type { EmailConfig } from './config.ts'

export type WatcherTiming = {
  /** Inactivity before IDLE starts (imapflow's autoIdleDelay). */
  idleDelayMs: number
  /** Safety sweep, in case a notification is missed. */
  pollMs: number
  reconnectBaseMs: number
  reconnectMaxMs: number
}

export const DEFAULT_TIMING: WatcherTiming = { idleDelayMs: 1000, pollMs: 60_000, reconnectBaseMs: 1000, reconnectMaxMs: 60_000 }

/** 'stored': mark \Seen (and move); 'skipped': leave it unread for a person; an Error: try again later. */
export type MailOutcome = 'stored' | 'skipped' | Error
/** Handles a batch of mails in UID order; one outcome per mail, in the same order. */
export type MailHandler = (raws: Buffer[]) => Promise<MailOutcome[]>

const MAX_ATTEMPTS_PER_MAIL = 5
const STOP_WAIT_MS = 5000
/** Mails per FETCH and per hand-over: enough to fill the core's write batches, few enough to keep a sync responsive. */
export const BATCH_MAILS = 100
/** A batch's sources are held in memory together: big mails make smaller batches (one mail alone when it is bigger). */
export const BATCH_BYTES = 32 * 1024 * 1024

type Cursor = { uidValidity: string, lastUid: number, floor: number }

export class ImapWatcher {
  #client: ImapFlow | undefined
  #stopped = true
  #reconnectTimer: NodeJS.Timeout | undefined
  #pollTimer: NodeJS.Timeout | undefined
  #failures = 0
  #syncing: Promise<void> | undefined
  #again = false
  readonly #attempts = new Map<number, number>()
  readonly #cursorKey: string

  constructor (
    private readonly imap: EmailConfig['imap'],
    private readonly processedFolder: string | undefined,
    private readonly timing: WatcherTiming,
    private readonly handle: MailHandler,
    private readonly state: ChannelContext['state'],
    private readonly log: FastifyBaseLogger,
  ) {
    this.#cursorKey = `cursor:${imap.user}:${imap.mailbox}`
  }

  start (): void {
    this.#stopped = false
    this.#pollTimer = setInterval(() => this.#trigger(), this.timing.pollMs)
    void this.#connect()
  }

  async stop (): Promise<void> {
    this.#stopped = true
    clearInterval(this.#pollTimer)
    clearTimeout(this.#reconnectTimer)
    // A sync stuck on a silent server must not hold the shutdown: its mail stays for the next start.
    await Promise.race([this.#syncing, new Promise(resolve => setTimeout(resolve, STOP_WAIT_MS).unref())])
    const client = this.#client
    this.#client = undefined
    // A logout that fails means the connection is already gone: nothing is left to close.
    await client?.logout().catch(() => client.close())
  }

  get isConnected (): boolean {
    return Boolean(this.#client?.usable)
  }

  async #connect (): Promise<void> {
    if (this.#stopped) return
    const client = new ImapFlow({
      host: this.imap.host,
      port: this.imap.port,
      secure: this.imap.secure,
      auth: { user: this.imap.user, pass: this.imap.password },
      logger: false,
      autoIdleDelay: this.timing.idleDelayMs,
      connectionTimeout: 30_000,
    })
    client.on('error', (error: Error) => this.log.warn({ err: error.message }, 'email: IMAP connection error'))
    client.on('close', () => this.#onClose(client))
    client.on('exists', (event: { path: string }) => { if (event.path === this.imap.mailbox) this.#trigger() })
    try {
      await client.connect()
      await client.mailboxOpen(this.imap.mailbox)
      if (this.processedFolder) await ensureMailbox(client, this.processedFolder)
    } catch (error) {
      this.log.warn({ err: (error as Error).message, attempt: this.#failures + 1 }, 'email: IMAP connection failed')
      client.close()
      this.#scheduleReconnect()
      return
    }
    if (this.#stopped) { client.close(); return }
    this.#client = client
    this.#failures = 0
    this.log.info('email: IMAP mailbox open')
    this.#trigger()
  }

  #onClose (client: ImapFlow): void {
    if (this.#client !== client) return
    this.#client = undefined
    if (!this.#stopped) {
      this.log.warn('email: IMAP connection closed, reconnecting')
      this.#scheduleReconnect()
    }
  }

  #scheduleReconnect (): void {
    if (this.#stopped) return
    const ceiling = Math.min(this.timing.reconnectMaxMs, this.timing.reconnectBaseMs * 2 ** this.#failures)
    this.#failures++
    clearTimeout(this.#reconnectTimer)
    this.#reconnectTimer = setTimeout(() => void this.#connect(), Math.round(ceiling / 2 + Math.random() * ceiling / 2))
  }

  /** One sync at a time; a notification during a sync runs another one right after. */
  #trigger (): void {
    if (this.#stopped || !this.#client) return
    if (this.#syncing) { this.#again = true; return }
    this.#syncing = (async () => {
      do {
        this.#again = false
        await this.#sync().catch(error => this.log.warn({ err: (error as Error).message }, 'email: mailbox sync failed, will retry'))
      } while (this.#again && !this.#stopped)
    })().finally(() => { this.#syncing = undefined })
  }

  async #sync (): Promise<void> {
    const client = this.#client
    if (!client?.usable) return
    const lock = await client.getMailboxLock(this.imap.mailbox)
    try {
      const box = client.mailbox
      if (!box) return
      const uidValidity = String(box.uidValidity)
      let cursor = await this.state.get(this.#cursorKey) as Cursor | undefined
      // First start, or the server renumbered the mailbox: mail already read stays with people;
      // unread mail is taken (the Message-ID dedupe keeps anything seen before from coming twice).
      if (!cursor || cursor.uidValidity !== uidValidity) {
        cursor = { uidValidity, lastUid: 0, floor: Number(box.uidNext) }
        await this.state.set(this.#cursorKey, cursor) // the floor is fixed once, not moved by later syncs
      }
      const pending = await this.#pendingUids(client, cursor)
      for (let i = 0; i < pending.length; i += BATCH_MAILS) {
        if (this.#stopped) return
        for (const batch of await batchesBySize(client, pending.slice(i, i + BATCH_MAILS))) {
          if (this.#stopped) return
          cursor = await this.#handleBatch(client, cursor, batch)
        }
      }
    } finally {
      lock.release()
    }
  }

  /**
   * One FETCH for the batch's sources, the handler for all of them, one STORE \Seen for the stored
   * ones, one cursor write. The cursor stops before the first mail that failed (it is read again,
   * with the mails after it, which the Message-ID dedupe recognises); the others are flagged anyway.
   */
  async #handleBatch (client: ImapFlow, cursor: Cursor, uids: number[]): Promise<Cursor> {
    const fetched = await client.fetchAll(uidSet(uids), { uid: true, source: true }, { uid: true })
    const sources = new Map(fetched.filter(m => m.source).map(m => [m.uid, m.source!]))
    // A UID that came back without a source was expunged meanwhile: nothing to read.
    const present = uids.filter(uid => sources.has(uid))
    const outcomes = present.length ? await this.#handleOrGiveUp(present, present.map(uid => sources.get(uid)!)) : []
    const stored = present.filter((_, k) => outcomes[k] === 'stored')
    if (stored.length) {
      await client.messageFlagsAdd(uidSet(stored), ['\\Seen'], { uid: true })
      if (this.processedFolder) await this.#move(client, stored, this.processedFolder)
    }
    const failedAt = outcomes.findIndex(o => o instanceof Error)
    const firstFailed = failedAt < 0 ? undefined : present[failedAt]!
    const passed = firstFailed === undefined ? uids : uids.filter(uid => uid < firstFailed)
    const next = passed.length ? { ...cursor, lastUid: passed[passed.length - 1]! } : cursor
    if (next !== cursor) await this.state.set(this.#cursorKey, next)
    if (firstFailed !== undefined) throw outcomes[failedAt] as Error
    return next
  }

  // Moving is a courtesy: a missing folder must not stop the mailbox from being read.
  async #move (client: ImapFlow, uids: number[], folder: string): Promise<void> {
    const moved = await client.messageMove(uidSet(uids), folder, { uid: true }).catch((error: Error) => {
      if (!client.usable) throw error
      return false
    })
    if (!moved) this.log.warn({ mails: uids.length }, 'email: could not move handled mails to IMAP_PROCESSED_FOLDER; they stay, marked read')
  }

  // A mail that fails again and again (one the database cannot take) must not block the mailbox
  // forever: after a few tries it is left unread for a person and the mail after it is read.
  async #handleOrGiveUp (uids: number[], raws: Buffer[]): Promise<MailOutcome[]> {
    const outcomes = await this.handle(raws).catch((error: Error) => uids.map(() => error))
    return outcomes.map((outcome, k) => {
      const uid = uids[k]!
      if (!(outcome instanceof Error)) {
        this.#attempts.delete(uid)
        return outcome
      }
      const attempts = (this.#attempts.get(uid) ?? 0) + 1
      this.#attempts.set(uid, attempts)
      if (attempts < MAX_ATTEMPTS_PER_MAIL) return outcome
      this.#attempts.delete(uid)
      this.log.error({ err: outcome.message, uid, attempts }, 'email: mail could not be stored, left unread for a person')
      return 'skipped'
    })
  }

  async #pendingUids (client: ImapFlow, cursor: Cursor): Promise<number[]> {
    const from = cursor.lastUid + 1
    const below = cursor.floor > from ? await client.search({ uid: `${from}:${cursor.floor - 1}`, seen: false }, { uid: true }) : []
    const start = Math.max(from, cursor.floor)
    // "N:*" also matches the highest UID when it is below N (RFC 3501 §6.4.8): an old, read mail.
    const above = ((await client.search({ uid: `${start}:*` }, { uid: true })) || []).filter(uid => uid >= start)
    return [...new Set([...(below || []), ...above])].filter(uid => uid > cursor.lastUid).sort((a, b) => a - b)
  }
}

/** Cuts UIDs (ascending) into batches of at most BATCH_BYTES, from their sizes (one FETCH). */
async function batchesBySize (client: ImapFlow, uids: number[]): Promise<number[][]> {
  const sizes = new Map((await client.fetchAll(uidSet(uids), { uid: true, size: true }, { uid: true })).map(m => [m.uid, m.size ?? 0]))
  const batches: number[][] = []
  let current: number[] = []
  let bytes = 0
  for (const uid of uids) {
    const size = sizes.get(uid) ?? 0
    if (current.length && bytes + size > BATCH_BYTES) {
      batches.push(current)
      current = []
      bytes = 0
    }
    current.push(uid)
    bytes += size
  }
  if (current.length) batches.push(current)
  return batches
}

/** Ascending UIDs → an IMAP set with runs folded ("3:7,9"), so a command line stays short. */
export function uidSet (uids: number[]): string {
  const parts: string[] = []
  for (let k = 0; k < uids.length; k++) {
    const start = uids[k]!
    while (k + 1 < uids.length && uids[k + 1] === uids[k]! + 1) k++
    parts.push(start === uids[k] ? String(start) : `${start}:${uids[k]}`)
  }
  return parts.join(',')
}

async function ensureMailbox (client: ImapFlow, path: string): Promise<void> {
  const list = await client.list()
  if (!list.some(m => m.path === path)) await client.mailboxCreate(path)
}

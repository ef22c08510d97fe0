// One commit for the hot path's writes that are ready at the same moment. Storing new messages,
// applying answered turns and recording sent replies each used to commit on their own; on SQLite
// a commit writes every page the transaction changed to the WAL, and a message's inbound row,
// its reply and their conversation share pages (the same index leaves, the same rows). Work
// queued while a transaction runs is committed together by the next one, in the order queued,
// each piece seeing what the previous ones wrote.
//
// A group that fails is run again one piece per transaction, so that a piece is only ever
// refused for its own fault. Pieces must have no effect outside the database (they may run twice).
import type { Db, Tx } from './client.ts'
import { transaction, type Sql } from './sql.ts'

export type Work<R> = (sql: Sql, prisma: () => Tx) => Promise<R>

type Queued = { work: Work<unknown>, needsPrisma: boolean, resolve: (value: unknown) => void, reject: (error: unknown) => void }

const MAX_GROUP = 32

export class GroupCommit {
  #queue: Queued[] = []
  #flushing = false
  readonly #db: Db

  constructor (db: Db) {
    this.#db = db
  }

  /** Resolves with the work's result once the transaction that ran it has committed. */
  run<R> (work: Work<R>, options: { needsPrisma?: boolean } = {}): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ work, needsPrisma: options.needsPrisma ?? false, resolve: resolve as (value: unknown) => void, reject })
      if (!this.#flushing) { this.#flushing = true; setImmediate(() => void this.#flush()) }
    })
  }

  async #flush (): Promise<void> {
    try {
      while (this.#queue.length) await this.#commit(this.#queue.splice(0, MAX_GROUP))
    } finally {
      this.#flushing = false
    }
  }

  async #commit (group: Queued[]): Promise<void> {
    if (group.length > 1) {
      try {
        const results = await transaction(this.#db, async (sql, prisma) => {
          const out: unknown[] = []
          for (const { work } of group) out.push(await work(sql, prisma))
          return out
        }, { needsPrisma: group.some(q => q.needsPrisma) })
        group.forEach((q, i) => q.resolve(results[i]))
        return
      } catch {
        // One piece spoiled the group: each on its own below, with its own outcome.
      }
    }
    for (const q of group) {
      try {
        q.resolve(await transaction(this.#db, q.work, { needsPrisma: q.needsPrisma }))
      } catch (error) {
        q.reject(error)
      }
    }
  }
}

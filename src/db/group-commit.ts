// One commit for the hot path's writes that are ready at the same moment (the policy and its
// sizes: src/db/batching.ts). Storing new messages,
// applying answered turns and recording sent replies each used to commit on their own; on SQLite
// a commit writes every page the transaction changed to the WAL, and a message's inbound row,
// its reply and their conversation share pages (the same index leaves, the same rows). Work
// queued while a transaction runs is committed together by the next one, in the order queued,
// each piece seeing what the previous ones wrote.
//
// A group that fails is run again one piece per transaction, so that a piece is only ever
// refused for its own fault. Pieces must have no effect outside the database (they may run twice).
import { BatchQueue, COMMIT_GROUP, fulfilled, rejected, type Settled } from './batching.ts'
import type { Db } from './client.ts'
import { transaction } from './sql.ts'
import { asTransaction, type Transaction } from './transaction.ts'

export type Work<R> = (tx: Transaction) => Promise<R>

type Piece = { work: Work<unknown>, needsPrisma: boolean }

export class GroupCommit {
  readonly #db: Db
  readonly #pieces = new BatchQueue<Piece, unknown>(COMMIT_GROUP, group => this.#commit(group))

  constructor (db: Db) {
    this.#db = db
  }

  /** Resolves with the work's result once the transaction that ran it has committed. */
  run<R> (work: Work<R>, options: { needsPrisma?: boolean } = {}): Promise<R> {
    return this.#pieces.push({ work, needsPrisma: options.needsPrisma ?? false }) as Promise<R>
  }

  async #commit (group: Piece[]): Promise<Settled<unknown>[]> {
    if (group.length > 1) {
      try {
        const results = await transaction(this.#db, async (sql, prisma) => {
          const out: unknown[] = []
          const tx = asTransaction(sql, prisma)
          for (const { work } of group) out.push(await work(tx))
          return out
        }, { needsPrisma: group.some(p => p.needsPrisma) })
        return results.map(result => fulfilled(result))
      } catch {
        // One piece spoiled the group: each on its own below, with its own outcome.
      }
    }
    const outcomes: Settled<unknown>[] = []
    for (const { work, needsPrisma } of group) {
      try {
        outcomes.push(fulfilled(await transaction(this.#db, (sql, prisma) => work(asTransaction(sql, prisma)), { needsPrisma })))
      } catch (error) {
        outcomes.push(rejected(error))
      }
    }
    return outcomes
  }
}

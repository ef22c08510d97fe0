// What a channel keeps between runs (an IMAP cursor, a Slack thread map): JSON values under keys
// of its own, stored as `<channel>:<key>`.
import { prismaFor, type DbOrTx } from './transaction.ts'

export async function readChannelState (on: DbOrTx, channel: string, key: string): Promise<unknown> {
  const row = await prismaFor(on).channelState.findUnique({ where: { key: `${channel}:${key}` } })
  return row ? JSON.parse(row.value) : undefined
}

export async function writeChannelState (on: DbOrTx, channel: string, key: string, value: unknown): Promise<void> {
  const k = `${channel}:${key}`
  await prismaFor(on).channelState.upsert({ where: { key: k }, create: { key: k, value: JSON.stringify(value) }, update: { value: JSON.stringify(value) } })
}

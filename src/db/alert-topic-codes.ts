// Which alert topics the town has (consultations are sent to one; « all » subscribes to every one).
import { prismaFor, type DbOrTx } from './transaction.ts'

export async function alertTopicExists (on: DbOrTx, code: string): Promise<boolean> {
  return (await prismaFor(on).alertTopic.findUnique({ where: { code }, select: { code: true } })) !== null
}

export async function alertTopicCodes (on: DbOrTx): Promise<string[]> {
  return (await prismaFor(on).alertTopic.findMany({ select: { code: true } })).map(t => t.code)
}

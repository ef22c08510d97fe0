// The CannedResponse repository: texts in French and English that agents insert in a reply.
import { prismaFor, type DbOrTx } from './transaction.ts'

export type CannedResponse = { id: string, title: string, lang: string, text: string, createdAt: Date, updatedAt: Date }
export type CannedFields = { title: string, lang: string, text: string }

/** In one language, or both; by language then title. */
export async function listCannedResponses (on: DbOrTx, lang?: string): Promise<CannedResponse[]> {
  return prismaFor(on).cannedResponse.findMany({ where: lang ? { lang } : {}, orderBy: [{ lang: 'asc' }, { title: 'asc' }] })
}

export async function createCannedResponse (on: DbOrTx, fields: CannedFields): Promise<CannedResponse> {
  return prismaFor(on).cannedResponse.create({ data: fields })
}

/** False when there is no such canned response. */
export async function updateCannedResponse (on: DbOrTx, id: string, fields: Partial<CannedFields>): Promise<boolean> {
  const { count } = await prismaFor(on).cannedResponse.updateMany({ where: { id }, data: fields })
  return count > 0
}

export async function cannedResponse (on: DbOrTx, id: string): Promise<CannedResponse> {
  return prismaFor(on).cannedResponse.findUniqueOrThrow({ where: { id } })
}

/** False when there is no such canned response. */
export async function deleteCannedResponse (on: DbOrTx, id: string): Promise<boolean> {
  const { count } = await prismaFor(on).cannedResponse.deleteMany({ where: { id } })
  return count > 0
}

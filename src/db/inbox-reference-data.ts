// The lists the inbox offers agents (ticket categories, municipal services) and an agent's service.
import { prismaFor, type DbOrTx } from './transaction.ts'

export type Named = { code: string, nameFr: string, nameEn: string | null }

/** Every ticket category, by French name. */
export async function ticketCategoryChoices (on: DbOrTx): Promise<(Named & { kind: string })[]> {
  return prismaFor(on).ticketCategory.findMany({ orderBy: { nameFr: 'asc' }, select: { code: true, kind: true, nameFr: true, nameEn: true } })
}

/** Every municipal service, by French name. */
export async function serviceChoices (on: DbOrTx): Promise<Named[]> {
  return prismaFor(on).municipalService.findMany({ orderBy: { nameFr: 'asc' }, select: { code: true, nameFr: true, nameEn: true } })
}

export async function serviceExists (on: DbOrTx, code: string): Promise<boolean> {
  return (await prismaFor(on).municipalService.findUnique({ where: { code }, select: { code: true } })) !== null
}

/** The service whose queue the agent works (null: none); false when there is no such account. */
export async function setAgentService (on: DbOrTx, agentId: string, serviceCode: string | null): Promise<boolean> {
  const { count } = await prismaFor(on).agent.updateMany({ where: { id: agentId }, data: { serviceCode } })
  return count > 0
}

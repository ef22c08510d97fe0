// The Agent repository: the town's staff accounts and their sign-in sessions (stored by the hash
// of their token: src/auth/sessions.ts makes and hashes tokens, this file only stores them).
import type { AgentRole } from '../domain.ts'
import { recordAudit } from './audit-log.ts'
import { inPrismaTransaction } from './prisma-transaction.ts'
import { prismaFor, type DbOrTx, type Store } from './transaction.ts'

export type AgentAccount = {
  id: string, email: string, name: string, role: string, passwordHash: string, lang: string,
  serviceCode: string | null, disabledAt: Date | null, createdAt: Date, updatedAt: Date
}

export async function findAgentByEmail (on: DbOrTx, email: string): Promise<AgentAccount | null> {
  return prismaFor(on).agent.findUnique({ where: { email } })
}

export async function findAgentById (on: DbOrTx, id: string): Promise<AgentAccount | null> {
  return prismaFor(on).agent.findUnique({ where: { id } })
}

export async function createAgent (on: DbOrTx, agent: { email: string, name: string, role: AgentRole, passwordHash: string }): Promise<AgentAccount> {
  return prismaFor(on).agent.create({ data: agent })
}

/** Makes an account an enabled administrator with this password (ADMIN_EMAIL at start). */
export async function restoreAdmin (on: DbOrTx, agentId: string, passwordHash: string): Promise<void> {
  await prismaFor(on).agent.update({ where: { id: agentId }, data: { role: 'admin', disabledAt: null, passwordHash } })
}

export type AgentListing = { id: string, name: string, role: string, serviceCode: string | null, email?: string, disabledAt?: Date | null }

/** Agents by name: enabled ones only, without email, unless `withDisabled` (administrators). */
export async function listAgents (on: DbOrTx, withDisabled: boolean): Promise<AgentListing[]> {
  return prismaFor(on).agent.findMany({
    where: withDisabled ? {} : { disabledAt: null },
    orderBy: { name: 'asc' },
    select: { id: true, name: true, role: true, serviceCode: true, email: withDisabled, disabledAt: withDisabled },
  })
}

/**
 * Disables or enables an account, audited, in one transaction; a disabled account is signed out
 * everywhere at once (its sessions go in the same transaction).
 */
export async function setAgentDisabled (store: Store, agentId: string, disabled: boolean, actorId: string): Promise<void> {
  await inPrismaTransaction(store, async tx => {
    await prismaFor(tx).agent.update({ where: { id: agentId }, data: { disabledAt: disabled ? new Date() : null } })
    if (disabled) await prismaFor(tx).agentSession.deleteMany({ where: { agentId } })
    await recordAudit(tx, { actorId, action: `agent.${disabled ? 'disable' : 'enable'}d`, targetType: 'agent', targetId: agentId })
  })
}

export async function createAgentSession (on: DbOrTx, session: { agentId: string, tokenHash: string, csrfToken: string, createdAt: Date, expiresAt: Date }): Promise<void> {
  await prismaFor(on).agentSession.create({ data: session })
}

export type AgentSession = { id: string, tokenHash: string, csrfToken: string, agentId: string, createdAt: Date, expiresAt: Date, agent: AgentAccount }

/** The session stored under this token hash, with its agent (expired or not). */
export async function findAgentSession (on: DbOrTx, tokenHash: string): Promise<AgentSession | null> {
  return prismaFor(on).agentSession.findUnique({ where: { tokenHash }, include: { agent: true } })
}

export async function deleteAgentSession (on: DbOrTx, tokenHash: string): Promise<void> {
  await prismaFor(on).agentSession.deleteMany({ where: { tokenHash } })
}

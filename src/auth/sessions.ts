// Agent sessions: a random token, stored hashed. The browser gets it as an HttpOnly cookie,
// scripts as a bearer token. Every cookie-authenticated mutation also needs the CSRF token.
import { createHash, randomBytes } from 'node:crypto'
import type { Store } from '../db/transaction.ts'
import { createAgentSession, deleteAgentSession, findAgentSession } from '../db/agents.ts'

export const SESSION_COOKIE = 'assistant_session'
export const SESSION_TTL_MS = 12 * 3_600_000 // one working day

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

export async function createSession (store: Store, agentId: string, now = new Date()) {
  const token = randomBytes(32).toString('base64url')
  const csrfToken = randomBytes(24).toString('base64url')
  await createAgentSession(store, { agentId, tokenHash: hashToken(token), csrfToken, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) })
  return { token, csrfToken }
}

export async function findSession (store: Store, token: string, now = new Date()) {
  const session = await findAgentSession(store, hashToken(token))
  if (!session || session.expiresAt < now || session.agent.disabledAt) return undefined
  return session
}

export async function endSession (store: Store, token: string): Promise<void> {
  await deleteAgentSession(store, hashToken(token))
}

// Agent sessions: a random token, stored hashed. The browser gets it as an HttpOnly cookie,
// scripts as a bearer token. Every cookie-authenticated mutation also needs the CSRF token.
import { createHash, randomBytes } from 'node:crypto'
import type { Db } from '../db/client.ts'

export const SESSION_COOKIE = 'assistant_session'
export const SESSION_TTL_MS = 12 * 3_600_000 // one working day

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

export async function createSession (db: Db, agentId: string, now = new Date()) {
  const token = randomBytes(32).toString('base64url')
  const csrfToken = randomBytes(24).toString('base64url')
  await db.agentSession.create({ data: { agentId, tokenHash: hashToken(token), csrfToken, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) } })
  return { token, csrfToken }
}

export async function findSession (db: Db, token: string, now = new Date()) {
  const session = await db.agentSession.findUnique({ where: { tokenHash: hashToken(token) }, include: { agent: true } })
  if (!session || session.expiresAt < now || session.agent.disabledAt) return undefined
  return session
}

export async function endSession (db: Db, token: string): Promise<void> {
  await db.agentSession.deleteMany({ where: { tokenHash: hashToken(token) } })
}

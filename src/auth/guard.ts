// Who is calling: request.agent from the session cookie or an Authorization: Bearer token.
// requireRole() guards a route; roles are ordered agent < manager < admin.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Store } from '../db/transaction.ts'
import type { AgentRole } from '../domain.ts'
import { AppError } from '../errors.ts'
import { findSession, SESSION_COOKIE } from './sessions.ts'

export type AuthenticatedAgent = { id: string, email: string, name: string, role: AgentRole, lang: string, via: 'cookie' | 'bearer', csrfToken: string }

declare module 'fastify' {
  interface FastifyRequest {
    agent?: AuthenticatedAgent
  }
}

const RANK: Record<AgentRole, number> = { agent: 1, manager: 2, admin: 3 }
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function readCookie (request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie
  if (!header) return undefined
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return decodeURIComponent(rest.join('='))
  }
  return undefined
}

/** Adds request.agent on every request that carries a valid session (never fails by itself). */
export function installAuthentication (app: FastifyInstance, store: Store): void {
  app.decorateRequest('agent', undefined)
  app.addHook('onRequest', async (request) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1]
    // The web chat has its own bearer tokens: only /api routes read agents' ones.
    const token = request.url.startsWith('/api/') ? bearer ?? readCookie(request, SESSION_COOKIE) : readCookie(request, SESSION_COOKIE)
    if (!token) return
    const session = await findSession(store, token)
    if (!session) return
    const { agent } = session
    request.agent = { id: agent.id, email: agent.email, name: agent.name, role: agent.role as AgentRole, lang: agent.lang, via: bearer ? 'bearer' : 'cookie', csrfToken: session.csrfToken }
  })
}

/** A preValidation hook (so a caller without the right is refused before their body is checked): 401 without a session, 403 below the role, 403 on a cookie mutation without the CSRF header. */
export function requireRole (role: AgentRole) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const agent = request.agent
    if (!agent) throw new AppError('unauthorized', 'Sign in first')
    if (RANK[agent.role] < RANK[role]) throw new AppError('forbidden', `This needs the ${role} role`)
    if (agent.via === 'cookie' && !SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== agent.csrfToken) {
      throw new AppError('forbidden', 'Missing or wrong CSRF token (X-CSRF-Token header)')
    }
  }
}

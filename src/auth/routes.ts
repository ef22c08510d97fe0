// /api/auth/login, /api/auth/logout, /api/auth/me and the administrators' account management.
import type { FastifyPluginAsync } from 'fastify'
import type { Db } from '../db/client.ts'
import type { Config } from '../config.ts'
import { AppError } from '../errors.ts'
import { verifyPassword, hashPassword } from './passwords.ts'
import { createSession, endSession, SESSION_COOKIE, SESSION_TTL_MS } from './sessions.ts'
import { readCookie, requireRole } from './guard.ts'
import { LoginThrottle } from './login-throttle.ts'
import { SharedCounters } from '../http/shared-counters.ts'
import type { AgentRole } from '../domain.ts'
import { agentAdminRoutes } from './agent-admin-routes.ts'

const ROLES: AgentRole[] = ['agent', 'manager', 'admin']
// A hash to compare against when the email is unknown, so timing does not reveal which emails exist.
const DUMMY_HASH = hashPassword('not-a-real-password-0000')

export const authRoutes: FastifyPluginAsync<{ db: Db, config: Config }> = async (app, { db, config }) => {
  const throttle = new LoginThrottle(new SharedCounters(db))
  await app.register(agentAdminRoutes, { db })
  const secure = config.publicUrl.startsWith('https://')

  app.post<{ Body: { email?: unknown, password?: unknown } }>('/api/auth/login', async (request, reply) => {
    const { email, password } = request.body ?? {}
    if (typeof email !== 'string' || typeof password !== 'string' || !email || !password) {
      throw new AppError('validation_failed', 'Fields "email" and "password" are required')
    }
    const key = email.trim().toLowerCase()
    const wait = await throttle.delayMs(key, request.ip)
    if (wait > 0) {
      reply.header('retry-after', String(Math.ceil(wait / 1000)))
      throw new AppError('too_many_requests', 'Too many failed sign-ins: try again later')
    }
    const agent = await db.agent.findUnique({ where: { email: key } })
    const ok = agent && !agent.disabledAt ? await verifyPassword(agent.passwordHash, password) : (await verifyPassword(await DUMMY_HASH, password), false)
    if (!agent || !ok) {
      await throttle.fail(key, request.ip)
      await db.auditEvent.create({ data: { actorKind: 'system', action: 'auth.login_failed', targetType: 'agent', targetId: agent?.id } })
      throw new AppError('unauthorized', 'Wrong email or password')
    }
    await throttle.succeed(key, request.ip)
    const { token, csrfToken } = await createSession(db, agent.id)
    await db.auditEvent.create({ data: { actorKind: 'agent', actorId: agent.id, action: 'auth.login', targetType: 'agent', targetId: agent.id } })
    const cookie = `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_TTL_MS / 1000}${secure ? '; Secure' : ''}`
    return reply.header('set-cookie', cookie).send({ token, csrfToken, agent: { id: agent.id, email: agent.email, name: agent.name, role: agent.role, lang: agent.lang } })
  })

  app.post('/api/auth/logout', async (request, reply) => {
    // Another site must not sign an agent out with their cookie (issue 19): same CSRF rule as other mutations.
    if (request.agent?.via === 'cookie' && request.headers['x-csrf-token'] !== request.agent.csrfToken) {
      throw new AppError('forbidden', 'Missing or wrong CSRF token (X-CSRF-Token header)')
    }
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? readCookie(request, SESSION_COOKIE)
    if (token) await endSession(db, token)
    if (request.agent) await db.auditEvent.create({ data: { actorKind: 'agent', actorId: request.agent.id, action: 'auth.logout' } })
    return reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`).send({ ok: true })
  })

  app.get('/api/auth/me', { preHandler: requireRole('agent') }, async (request) => {
    const { id, email, name, role, lang, csrfToken } = request.agent!
    return { agent: { id, email, name, role, lang }, csrfToken }
  })

  app.post<{ Body: { email?: unknown, password?: unknown, name?: unknown, role?: unknown } }>('/api/agents', { preHandler: requireRole('admin') }, async (request, reply) => {
    const { email, password, name, role } = request.body ?? {}
    if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email)) throw new AppError('validation_failed', 'Field "email" must be an email address')
    if (typeof password !== 'string' || password.length < 8) throw new AppError('validation_failed', 'Field "password" must have at least 8 characters')
    if (typeof name !== 'string' || !name.trim()) throw new AppError('validation_failed', 'Field "name" is required')
    if (typeof role !== 'string' || !ROLES.includes(role as AgentRole)) throw new AppError('validation_failed', 'Field "role" must be agent, manager or admin')
    const normalized = email.trim().toLowerCase()
    if (await db.agent.findUnique({ where: { email: normalized } })) throw new AppError('conflict', 'An account with this email already exists')
    const agent = await db.agent.create({ data: { email: normalized, name: name.trim(), role, passwordHash: await hashPassword(password) } })
    await db.auditEvent.create({ data: { actorKind: 'agent', actorId: request.agent!.id, action: 'agent.created', targetType: 'agent', targetId: agent.id, detail: JSON.stringify({ role }) } })
    return reply.code(201).send({ id: agent.id, email: agent.email, name: agent.name, role: agent.role })
  })
}

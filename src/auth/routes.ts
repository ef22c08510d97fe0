// /api/auth/login, /api/auth/logout, /api/auth/me and the administrators' account management.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Store } from '../db/transaction.ts'
import { createAgent, findAgentByEmail } from '../db/agents.ts'
import { recordAudit } from '../db/audit-log.ts'
import type { Config } from '../config.ts'
import { AppError } from '../errors.ts'
import { verifyPassword, hashPassword } from './passwords.ts'
import { createSession, endSession, SESSION_COOKIE, SESSION_TTL_MS } from './sessions.ts'
import { readCookie, requireRole } from './guard.ts'
import { LoginThrottle } from './login-throttle.ts'
import { SharedCounters } from '../http/shared-counters.ts'
import { errors, TAGS } from '../http/schemas.ts'
import { agentAdminRoutes } from './agent-admin-routes.ts'

const Role = Type.Union([Type.Literal('agent'), Type.Literal('manager'), Type.Literal('admin')], { description: 'agent < manager < admin' })
const Agent = Type.Object({ id: Type.String(), email: Type.String(), name: Type.String(), role: Type.String(), lang: Type.String() })
const LoginSchema = {
  summary: 'Sign in: a session cookie and {"token"} for scripts',
  tags: [TAGS.agents],
  security: [],
  body: Type.Object({ email: Type.String({ minLength: 1 }), password: Type.String({ minLength: 1 }) }),
  response: { 200: Type.Object({ token: Type.String(), csrfToken: Type.String(), agent: Agent }), ...errors },
}
const NewAgentSchema = {
  summary: 'Create an agent account (administrators)',
  tags: [TAGS.admin],
  body: Type.Object({
    email: Type.String({ pattern: String.raw`^[^@\s]+@[^@\s]+$`, description: 'An email address' }),
    password: Type.String({ minLength: 8 }),
    name: Type.String({ pattern: String.raw`\S`, description: 'Not blank' }),
    role: Role,
  }),
  response: { 201: Type.Object({ id: Type.String(), email: Type.String(), name: Type.String(), role: Type.String() }), ...errors },
}
// A hash to compare against when the email is unknown, so timing does not reveal which emails exist.
const DUMMY_HASH = hashPassword('not-a-real-password-0000')

export const authRoutes: FastifyPluginAsyncTypebox<{ store: Store, config: Config }> = async (app, { store, config }) => {
  const throttle = new LoginThrottle(new SharedCounters(store))
  await app.register(agentAdminRoutes, { store })
  const secure = config.publicUrl.startsWith('https://')

  app.post('/api/auth/login', { schema: LoginSchema }, async (request, reply) => {
    const { email, password } = request.body
    const key = email.trim().toLowerCase()
    const wait = await throttle.delayMs(key, request.ip)
    if (wait > 0) {
      reply.header('retry-after', String(Math.ceil(wait / 1000)))
      throw new AppError('too_many_requests', 'Too many failed sign-ins: try again later')
    }
    const agent = await findAgentByEmail(store, key)
    const ok = agent && !agent.disabledAt ? await verifyPassword(agent.passwordHash, password) : (await verifyPassword(await DUMMY_HASH, password), false)
    if (!agent || !ok) {
      await throttle.fail(key, request.ip)
      await recordAudit(store, { actorId: undefined, action: 'auth.login_failed', targetType: 'agent', targetId: agent?.id })
      throw new AppError('unauthorized', 'Wrong email or password')
    }
    await throttle.succeed(key, request.ip)
    const { token, csrfToken } = await createSession(store, agent.id)
    await recordAudit(store, { actorId: agent.id, action: 'auth.login', targetType: 'agent', targetId: agent.id })
    const cookie = `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_TTL_MS / 1000}${secure ? '; Secure' : ''}`
    return reply.header('set-cookie', cookie).send({ token, csrfToken, agent: { id: agent.id, email: agent.email, name: agent.name, role: agent.role, lang: agent.lang } })
  })

  app.post('/api/auth/logout', { schema: { summary: 'Sign out', tags: [TAGS.agents], security: [], response: { 200: Type.Object({ ok: Type.Boolean() }), ...errors } } }, async (request, reply) => {
    // Another site must not sign an agent out with their cookie (issue 19): same CSRF rule as other mutations.
    if (request.agent?.via === 'cookie' && request.headers['x-csrf-token'] !== request.agent.csrfToken) {
      throw new AppError('forbidden', 'Missing or wrong CSRF token (X-CSRF-Token header)')
    }
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? readCookie(request, SESSION_COOKIE)
    if (token) await endSession(store, token)
    if (request.agent) await recordAudit(store, { actorId: request.agent.id, action: 'auth.logout' })
    return reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`).send({ ok: true })
  })

  app.get('/api/auth/me', { preValidation: requireRole('agent'), schema: { summary: 'The signed-in agent', tags: [TAGS.agents], response: { 200: Type.Object({ agent: Agent, csrfToken: Type.String() }), ...errors } } }, async (request) => {
    const { id, email, name, role, lang, csrfToken } = request.agent!
    return { agent: { id, email, name, role, lang }, csrfToken }
  })

  app.post('/api/agents', { preValidation: requireRole('admin'), schema: NewAgentSchema }, async (request, reply) => {
    const { email, password, name, role } = request.body
    const normalized = email.trim().toLowerCase()
    if (await findAgentByEmail(store, normalized)) throw new AppError('conflict', 'An account with this email already exists')
    const agent = await createAgent(store, { email: normalized, name: name.trim(), role, passwordHash: await hashPassword(password) })
    await recordAudit(store, { actorId: request.agent!.id, action: 'agent.created', targetType: 'agent', targetId: agent.id, detail: { role } })
    return reply.code(201).send({ id: agent.id, email: agent.email, name: agent.name, role: agent.role })
  })
}

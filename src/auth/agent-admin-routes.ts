// Accounts beyond creation: the list (agents pick a colleague to assign), disable and enable (admins).
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Db } from '../db/client.ts'
import { AppError } from '../errors.ts'
import { requireRole } from './guard.ts'
import { recordAudit } from './audit.ts'
import { Described, errors, IdParams, TAGS } from '../http/schemas.ts'

const AgentRow = Described({ id: Type.String(), name: Type.String(), role: Type.String(), serviceCode: Type.Union([Type.String(), Type.Null()]) }, 'An agent; administrators also see email and disabledAt')

export const agentAdminRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.get('/api/agents', { preValidation: requireRole('agent'), schema: { summary: 'Agents (disabled ones for administrators only)', tags: [TAGS.agents], response: { 200: Type.Object({ agents: Type.Array(AgentRow) }), ...errors } } }, async (request) => {
    const isAdmin = request.agent!.role === 'admin'
    const agents = await db.agent.findMany({
      where: isAdmin ? {} : { disabledAt: null },
      orderBy: { name: 'asc' },
      select: { id: true, name: true, role: true, serviceCode: true, email: isAdmin, disabledAt: isAdmin },
    })
    return { agents }
  })

  for (const action of ['disable', 'enable'] as const) {
    app.post(`/api/agents/:id/${action}`, {
      preValidation: requireRole('admin'),
      schema: { summary: action === 'disable' ? 'Disable an account: signed out everywhere' : 'Enable an account again', tags: [TAGS.admin], params: IdParams, response: { 200: Type.Object({ id: Type.String(), disabled: Type.Boolean() }), ...errors } },
    }, async (request) => {
      const me = request.agent!
      if (action === 'disable' && request.params.id === me.id) throw new AppError('conflict', 'You cannot disable your own account')
      const agent = await db.agent.findUnique({ where: { id: request.params.id } })
      if (!agent) throw new AppError('not_found', 'No such account')
      await db.$transaction(async tx => {
        await tx.agent.update({ where: { id: agent.id }, data: { disabledAt: action === 'disable' ? new Date() : null } })
        // A disabled account is signed out everywhere at once.
        if (action === 'disable') await tx.agentSession.deleteMany({ where: { agentId: agent.id } })
        await recordAudit(tx, { actorId: me.id, action: `agent.${action}d`, targetType: 'agent', targetId: agent.id })
      })
      return { id: agent.id, disabled: action === 'disable' }
    })
  }
}

// Accounts beyond creation: the list (agents pick a colleague to assign), disable and enable (admins).
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Store } from '../db/transaction.ts'
import { findAgentById, listAgents, setAgentDisabled } from '../db/agents.ts'
import { AppError } from '../errors.ts'
import { requireRole } from './guard.ts'
import { Described, errors, IdParams, TAGS } from '../http/schemas.ts'

const AgentRow = Described({ id: Type.String(), name: Type.String(), role: Type.String(), serviceCode: Type.Union([Type.String(), Type.Null()]) }, 'An agent; administrators also see email and disabledAt')

export const agentAdminRoutes: FastifyPluginAsyncTypebox<{ store: Store }> = async (app, { store }) => {
  app.get('/api/agents', { preValidation: requireRole('agent'), schema: { summary: 'Agents (disabled ones for administrators only)', tags: [TAGS.agents], response: { 200: Type.Object({ agents: Type.Array(AgentRow) }), ...errors } } }, async (request) => {
    const isAdmin = request.agent!.role === 'admin'
    const agents = await listAgents(store, isAdmin)
    return { agents }
  })

  for (const action of ['disable', 'enable'] as const) {
    app.post(`/api/agents/:id/${action}`, {
      preValidation: requireRole('admin'),
      schema: { summary: action === 'disable' ? 'Disable an account: signed out everywhere' : 'Enable an account again', tags: [TAGS.admin], params: IdParams, response: { 200: Type.Object({ id: Type.String(), disabled: Type.Boolean() }), ...errors } },
    }, async (request) => {
      const me = request.agent!
      if (action === 'disable' && request.params.id === me.id) throw new AppError('conflict', 'You cannot disable your own account')
      const agent = await findAgentById(store, request.params.id)
      if (!agent) throw new AppError('not_found', 'No such account')
      // A disabled account is signed out everywhere at once (setAgentDisabled).
      await setAgentDisabled(store, agent.id, action === 'disable', me.id)
      return { id: agent.id, disabled: action === 'disable' }
    })
  }
}

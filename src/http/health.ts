// GET /health → 200 {"status":"ok"} once the database answers; 503 otherwise (CONTRACT.md).
import type { FastifyInstance } from 'fastify'
import { databaseAnswers } from '../db/client.ts'
import type { Store } from '../db/transaction.ts'
import { Type } from '@fastify/type-provider-typebox'
import { errors, TAGS } from './schemas.ts'

const Status = (status: string) => Type.Object({ status: Type.Literal(status) })
const HealthSchema = { summary: 'Whether the database answers', tags: [TAGS.system], response: { 200: Status('ok'), 503: Status('unavailable'), ...errors } }

export function healthRoutes (app: FastifyInstance, store: Store): void {
  app.get('/health', { schema: HealthSchema }, async (_request, reply) => {
    if (await databaseAnswers(store)) return { status: 'ok' }
    // The database does not answer: say so without details.
    return reply.code(503).send({ status: 'unavailable' })
  })
}

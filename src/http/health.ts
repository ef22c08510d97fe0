// GET /health → 200 {"status":"ok"} once the database answers; 503 otherwise (CONTRACT.md).
import type { FastifyInstance } from 'fastify'
import { databaseAnswers, type Db } from '../db/client.ts'

export function healthRoutes (app: FastifyInstance, db: Db): void {
  app.get('/health', async (_request, reply) => {
    if (await databaseAnswers(db)) return { status: 'ok' }
    // The database does not answer: say so without details.
    return reply.code(503).send({ status: 'unavailable' })
  })
}

// Child process of the bench: a bare fastify route answering like the web chat's POST, for comparison.
import Fastify from 'fastify'

const app = Fastify({ logger: false })
let id = 0
app.post('/channels/webchat/sessions/:id/messages', async (_request, reply) => reply.code(202).send({ messageId: String(++id) }))
const url = await app.listen({ port: 0, host: '127.0.0.1' })
process.send!({ type: 'ready', url })
process.on('message', async (message: { type: string }) => {
  if (message.type === 'stop') { await app.close(); process.exit(0) }
})

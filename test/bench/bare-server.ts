// Child process of the bench: bare fastify routes answering like the channels' inbound routes
// (the web chat's POST, Twilio's form-encoded webhook, Bot Framework's JSON activity), for comparison.
import Fastify from 'fastify'
import formbody from '@fastify/formbody'

const app = Fastify({ logger: false })
await app.register(formbody)
let id = 0
app.post('/channels/webchat/sessions/:id/messages', async (_request, reply) => reply.code(202).send({ messageId: String(++id) }))
app.post('/channels/twilio/messages', async (_request, reply) => reply.type('text/xml').send('<?xml version="1.0" encoding="UTF-8"?><Response/>'))
app.post('/channels/botframework/messages', async (_request, reply) => reply.code(200).send())
const url = await app.listen({ port: 0, host: '127.0.0.1' })
process.send!({ type: 'ready', url })
process.on('message', async (message: { type: string }) => {
  if (message.type === 'stop') { await app.close(); process.exit(0) }
})

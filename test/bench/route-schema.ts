// npx tsx test/bench/route-schema.ts: what checking the web chat's message body by its schema
// (issue 21) costs against the hand checks it replaced, on one fastify with the app's compilers.
// Both routes alternate in one process (STYLE: compare ratios, not figures from another time).
import Fastify from 'fastify'
import { Type, TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox'
import { installSchemaCompilers } from '../../src/http/schema-compilers.ts'

const NOTHING_VISIBLE = /^[\s\p{Cc}\p{Cf}]*$/u
const CLIENT_ID = /^[\w-]{1,100}$/
const Body = Type.Object({ text: Type.String(), clientMessageId: Type.Optional(Type.String({ pattern: CLIENT_ID.source })) })
type Message = { text?: unknown, clientMessageId?: unknown }

async function build (bySchema: boolean) {
  const app = Fastify()
  installSchemaCompilers(app)
  const answer = { messageId: '1' }
  if (bySchema) {
    // As channels/webchat/routes.ts: the session is checked at preValidation, then the schema.
    app.post('/m/:id', { preValidation: async () => {}, schema: { body: Body } }, async (request, reply) => {
      if (NOTHING_VISIBLE.test((request.body as { text: string }).text)) throw new Error('empty')
      return reply.code(202).send(answer)
    })
  } else {
    app.post('/m/:id', async (request, reply) => {
      const body = request.body as Message | null
      if (!body || typeof body !== 'object' || typeof body.text !== 'string' || NOTHING_VISIBLE.test(body.text)) throw new Error('bad')
      if (body.clientMessageId !== undefined && (typeof body.clientMessageId !== 'string' || !CLIENT_ID.test(body.clientMessageId))) throw new Error('bad')
      return reply.code(202).send(answer)
    })
  }
  await app.ready()
  return app
}

const apps = { byHand: await build(false), bySchema: await build(true) }
const payload = JSON.stringify({ text: 'bonjour, quels sont les horaires de la mairie ?', clientMessageId: 'lq1x2y3-abcdef12-3456' })
const N = 20_000
const times: Record<keyof typeof apps, number[]> = { byHand: [], bySchema: [] }
for (let round = 0; round < 8; round++) {
  const order: (keyof typeof apps)[] = round % 2 ? ['bySchema', 'byHand'] : ['byHand', 'bySchema']
  for (const name of order) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < N; i++) {
      const res = await apps[name].inject({ method: 'POST', url: '/m/abc', headers: { 'content-type': 'application/json' }, payload })
      if (res.statusCode !== 202) throw new Error(res.body)
    }
    if (round > 0) times[name].push(Number(process.hrtime.bigint() - start) / N / 1000) // round 0 warms up
  }
}
const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!
console.log(`µs per request, median of 7 alternating rounds of ${N}: by hand ${median(times.byHand).toFixed(2)}, by schema ${median(times.bySchema).toFixed(2)}, ratio ${(median(times.bySchema) / median(times.byHand)).toFixed(3)}`)

// The body check alone, as fastify calls it, against the same checks by hand.
const check = TypeBoxValidatorCompiler({ schema: Body, method: 'POST', url: '/m/:id', httpPart: 'body' }) as (value: unknown) => unknown
const byHand = (body: Message) => typeof body === 'object' && typeof body.text === 'string' && (body.clientMessageId === undefined || (typeof body.clientMessageId === 'string' && CLIENT_ID.test(body.clientMessageId)))
const value = JSON.parse(payload) as Message
const ns: Record<'schema' | 'hand', number[]> = { schema: [], hand: [] }
for (let round = 0; round < 9; round++) {
  for (const [name, run] of [['hand', () => byHand(value)], ['schema', () => check(value)]] as const) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < 1_000_000; i++) run()
    if (round > 0) ns[name].push(Number(process.hrtime.bigint() - start) / 1_000_000)
  }
}
console.log(`ns per body check, median of 8 rounds of 10^6: by hand ${median(ns.hand).toFixed(0)}, by schema ${median(ns.schema).toFixed(0)}`)

// The route schemas' validator: strings-only params and querystrings are checked without
// TypeBox's conversion (src/http/schema-compilers.ts); everything else is converted as before.
import { describe, expect, it } from 'vitest'
import Fastify from 'fastify'
import { Type } from '@fastify/type-provider-typebox'
import { installSchemaCompilers } from '../../../src/http/schema-compilers.ts'

async function app () {
  const fastify = Fastify()
  installSchemaCompilers(fastify)
  fastify.get('/s/:id', {
    schema: {
      params: Type.Object({ id: Type.String({ pattern: '^[a-z]{3,5}$' }) }),
      querystring: Type.Object({ after: Type.Optional(Type.String({ pattern: '^\\d{1,3}$' })) }),
    },
  }, async (request) => ({ params: request.params, query: request.query }))
  fastify.get('/n/:n', {
    schema: { params: Type.Object({ n: Type.Integer() }), querystring: Type.Object({ flag: Type.Optional(Type.Boolean()) }) },
  }, async (request) => ({ params: request.params, query: request.query }))
  await fastify.ready()
  return fastify
}

describe('route schema validator', () => {
  it('checks string-only params and querystrings as they came, and still refuses what does not match', async () => {
    const fastify = await app()
    const ok = await fastify.inject({ method: 'GET', url: '/s/abcd?after=12' })
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toEqual({ params: { id: 'abcd' }, query: { after: '12' } })
    expect((await fastify.inject({ method: 'GET', url: '/s/abcdefg' })).statusCode).toBe(400)
    expect((await fastify.inject({ method: 'GET', url: '/s/abc?after=1234' })).statusCode).toBe(400)
    // A repeated key is an array, not a string: converted then checked, and refused as before.
    expect((await fastify.inject({ method: 'GET', url: '/s/abc?after=1&after=2' })).statusCode).toBe(400)
  })

  it('still converts params and querystrings with fields of other types ("5" → 5, "true" → true)', async () => {
    const fastify = await app()
    const res = await fastify.inject({ method: 'GET', url: '/n/5?flag=true' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ params: { n: 5 }, query: { flag: true } })
    expect((await fastify.inject({ method: 'GET', url: '/n/five' })).statusCode).toBe(400)
  })
})

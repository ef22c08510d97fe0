// The managers' pages for issue 20: /manager/broadcasts, /manager/consultations, /manager/ideas,
// their assets, and chart.js served from node_modules (no CDN, no inline script: the same strict
// Content-Security-Policy as /inbox). The sign-in and API client are the inbox's common.js.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { AppError } from '../errors.ts'
import { PAGES_CSP } from '../http/security.ts'
import { pageSchema } from '../http/schemas.ts'
import { Type } from '@fastify/type-provider-typebox'

const DIR = path.join(import.meta.dirname, 'pages')
// Resolved as a package, not by a path from this file: npm start runs a compiled copy in dist/.
const CHART_JS = path.join(path.dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js')
const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' }
const PAGES = ['broadcasts', 'consultations', 'ideas']

function secure (reply: FastifyReply): FastifyReply {
  return reply.header('content-security-policy', PAGES_CSP).header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer')
}

export const alertPages: FastifyPluginAsync = async (app) => {
  const files = new Map(fs.readdirSync(DIR).map(name => [name, fs.readFileSync(path.join(DIR, name), 'utf8')]))
  let chart: string | undefined
  for (const page of PAGES) {
    app.get(`/manager/${page}`, { schema: pageSchema(`The managers' ${page} page`, 'HTML') }, async (_request, reply) => secure(reply).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(files.get(`${page}.html`)))
  }
  app.get<{ Params: { file: string } }>('/alerts-assets/:file', { schema: pageSchema('A script or style sheet of the managers\' pages', 'JavaScript or CSS', Type.Object({ file: Type.String() })) }, async (request, reply) => {
    const { file } = request.params
    const type = TYPES[path.extname(file)]
    if (!type || !files.has(file)) throw new AppError('not_found', 'No such file')
    return secure(reply).header('cache-control', 'no-store').type(type).send(files.get(file))
  })
  app.get('/vendor/chart.umd.js', { schema: pageSchema('Chart.js, served by the app (no CDN)', 'JavaScript') }, async (_request, reply) => {
    chart ??= fs.readFileSync(CHART_JS, 'utf8')
    return secure(reply).header('cache-control', 'public, max-age=86400').type(TYPES['.js']).send(chart)
  })
}

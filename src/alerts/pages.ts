// The managers' pages for issue 20: /manager/broadcasts, /manager/consultations, /manager/ideas and
// their assets, under the same strict Content-Security-Policy as /inbox (src/http/staff-pages.ts).
// The sign-in, API client and chart.js (/inbox-assets/) are the inbox pages'.
import path from 'node:path'
import type { FastifyPluginAsync } from 'fastify'
import { AppError } from '../errors.ts'
import { readStaffFiles, secureStaffReply as secure } from '../http/staff-pages.ts'
import { pageSchema } from '../http/schemas.ts'
import { Type } from '@fastify/type-provider-typebox'

const DIR = path.join(import.meta.dirname, 'pages')
const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' }
const PAGES = ['broadcasts', 'consultations', 'ideas']

export const alertPages: FastifyPluginAsync = async (app) => {
  const files = readStaffFiles(DIR)
  for (const page of PAGES) {
    app.get(`/manager/${page}`, { schema: pageSchema(`The managers' ${page} page`, 'HTML') }, async (_request, reply) => secure(reply).type('text/html; charset=utf-8').send(files.get(`${page}.html`)))
  }
  app.get<{ Params: { file: string } }>('/alerts-assets/:file', { schema: pageSchema('A script or style sheet of the managers\' pages', 'JavaScript or CSS', Type.Object({ file: Type.String() })) }, async (request, reply) => {
    const { file } = request.params
    const type = TYPES[path.extname(file)]
    if (!type || !files.has(file)) throw new AppError('not_found', 'No such file')
    return secure(reply).type(type).send(files.get(file))
  })
}

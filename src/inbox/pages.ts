// GET /inbox, /manager and their assets: static files with a strict Content-Security-Policy
// (no inline script or style), so citizen text can never run as code even if it slipped into markup.
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import type { FastifyPluginAsync } from 'fastify'
import { AppError } from '../errors.ts'
import { readStaffFiles, secureStaffReply as secure } from '../http/staff-pages.ts'
import { pageSchema } from '../http/schemas.ts'
import { Type } from '@fastify/type-provider-typebox'

const DIR = path.join(import.meta.dirname, 'pages')
const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' }

// Chart.js from the app itself, never from an outside host (issue 18): the file npm installed.
const CHART_JS = path.join(path.dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js')

export const inboxPages: FastifyPluginAsync = async (app) => {
  const files = readStaffFiles(DIR)
  // Without its source-map comment: the map is not served.
  files.set('chart.umd.min.js', fs.readFileSync(CHART_JS, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'))
  for (const page of ['inbox', 'manager']) {
    app.get(`/${page}`, { schema: pageSchema(page === 'inbox' ? 'The agents\' inbox page' : 'The managers\' page', 'HTML') }, async (_request, reply) => secure(reply).type('text/html; charset=utf-8').send(files.get(`${page}.html`)))
  }
  app.get<{ Params: { file: string } }>('/inbox-assets/:file', { schema: pageSchema('A script or style sheet of the inbox pages', 'JavaScript or CSS', Type.Object({ file: Type.String() })) }, async (request, reply) => {
    const { file } = request.params
    const type = TYPES[path.extname(file)]
    if (!type || !files.has(file)) throw new AppError('not_found', 'No such file')
    return secure(reply).type(type).send(files.get(file))
  })
}

// GET /admin and its script: the town's data for administrators (managers read only). Static files
// under the inbox pages' strict Content-Security-Policy; the page talks to /api/town/… with the
// session cookie and the CSRF header (common.js of the inbox pages).
import path from 'node:path'
import type { FastifyPluginAsync } from 'fastify'
import { readStaffFiles, secureStaffReply as secure } from '../http/staff-pages.ts'
import { notFound } from '../errors.ts'
import { pageSchema } from '../http/schemas.ts'
import { Type } from '@fastify/type-provider-typebox'

const DIR = path.join(import.meta.dirname, 'admin')
const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' }

export const adminPages: FastifyPluginAsync = async (app) => {
  const files = readStaffFiles(DIR)
  app.get('/admin', { schema: pageSchema('The town data page for administrators', 'HTML') }, async (_request, reply) => secure(reply).type('text/html; charset=utf-8').send(files.get('admin.html')))
  app.get<{ Params: { file: string } }>('/admin-assets/:file', { schema: pageSchema('A script or style sheet of the admin page', 'JavaScript or CSS', Type.Object({ file: Type.String() })) }, async (request, reply) => {
    const type = TYPES[path.extname(request.params.file)]
    if (!type || !files.has(request.params.file)) throw notFound('No such file')
    return secure(reply).type(type).send(files.get(request.params.file))
  })
}

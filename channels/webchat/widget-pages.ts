// GET /chat (the chat page), GET /widget.js (one <script> tag on the town's own site).
import fs from 'node:fs'
import path from 'node:path'
import type { FastifyPluginAsync } from 'fastify'
import { pageSchema } from '../../src/http/schemas.ts'

const dir = path.join(import.meta.dirname, 'widget')
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)

export const widgetPages: FastifyPluginAsync<{ publicUrl: string, privacyUrl: string, townName: string }> = async (app, opts) => {
  const script = fs.readFileSync(path.join(dir, 'widget.js'), 'utf8')
  const page = fs.readFileSync(path.join(dir, 'chat.html'), 'utf8')
    .replaceAll('{{townName}}', escapeHtml(opts.townName))
    .replaceAll('{{privacyUrl}}', escapeHtml(opts.privacyUrl))

  // The page's WebSocket goes to its own origin only (issue 19: not to any host).
  const csp = `default-src 'self'; connect-src 'self' ${opts.publicUrl.replace(/^http/, 'ws')}; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'self'`

  app.get('/widget.js', { schema: pageSchema('The chat widget: one <script> tag on the town\'s site', 'JavaScript') }, async (_request, reply) => {
    // Embeddable on the town's site: it finds its API base from its own src URL.
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300')
      .header('cross-origin-resource-policy', 'cross-origin').send(script)
  })
  app.get('/chat', { schema: pageSchema('The chat page', 'HTML') }, async (_request, reply) => {
    return reply.type('text/html; charset=utf-8')
      .header('content-security-policy', csp)
      .send(page)
  })
}

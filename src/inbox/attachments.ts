// GET /api/attachments/:id: a message's or ticket's attachment, for agents (issue 18). The bytes
// came from a citizen and are hostile: served with their declared type only when it is one we
// show inline (images, PDF), never sniffed, in a sandbox without scripts; every opening is audited.
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { RouteDeps } from '../http/route-deps.ts'
import { requireRole } from '../auth/guard.ts'
import { recordAudit } from '../db/audit-log.ts'
import { attachmentFile } from '../db/attachment-files.ts'
import { AppError } from '../errors.ts'
import { fileResponse, IdParams, TAGS } from '../http/schemas.ts'

const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'])
// No scripts, no forms, no plugins other than the PDF viewer, nothing fetched from elsewhere.
export const ATTACHMENT_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'; sandbox"

/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name. */
export function contentDisposition (kind: 'inline' | 'attachment', filename: string): string {
  const ascii = filename.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '_').trim() || 'piece-jointe'
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename).replace(/['()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`
}

export const attachmentRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { store }) => {
  app.get('/api/attachments/:id', {
    preValidation: requireRole('agent'),
    schema: {
      summary: 'A message\'s or ticket\'s attachment (audited)',
      tags: [TAGS.agents],
      params: IdParams,
      querystring: Type.Object({ download: Type.Optional(Type.String({ description: 'Present: always as a download' })) }),
      produces: ['application/octet-stream'],
      response: fileResponse('The file: images and PDF inline, anything else as application/octet-stream'),
    },
  }, async (request, reply) => {
    const attachment = await attachmentFile(store, request.params.id)
    if (!attachment) throw new AppError('not_found', 'No such attachment')
    if (!attachment.data) throw new AppError('not_found', 'This attachment was not kept (only its name is known)')
    const declared = attachment.contentType.toLowerCase().split(';')[0].trim()
    const inline = INLINE_TYPES.has(declared) && request.query.download === undefined
    await recordAudit(store, { actorId: request.agent!.id, action: 'attachment.opened', targetType: 'attachment', targetId: attachment.id, detail: { messageId: attachment.messageId, ticketId: attachment.ticketId } })
    return reply
      .type(INLINE_TYPES.has(declared) ? declared : 'application/octet-stream')
      .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', attachment.filename))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', ATTACHMENT_CSP)
      .header('cache-control', 'private, no-store')
      .header('cross-origin-resource-policy', 'same-origin')
      .send(Buffer.from(attachment.data))
  })
}

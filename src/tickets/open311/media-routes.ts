// Photos uploaded with Open311 requests, published as media_url (issue 17). Only photos of
// public categories and public kinds, only images, and always without their metadata (EXIF GPS
// position, camera serial): a private request's photo of a home is never served.
import type { FastifyInstance } from 'fastify'
import type { RouteDeps } from '../../http/route-deps.ts'
import { findTicketPhoto } from '../../db/open311-requests.ts'
import { findCategory } from '../../db/tickets.ts'
import { Open311Error } from './errors.ts'
import { isPublicKind } from './request-view.ts'
import { stripImageMetadata } from './strip-metadata.ts'
import { mediaParams, open311Schemas } from './schemas.ts'

export async function mediaRoutes (app: FastifyInstance, { store }: RouteDeps): Promise<void> {
  app.get<{ Params: { file: string } }>('/media/:file', { schema: { summary: 'A photo of a public request, metadata removed', tags: ['Open311'], params: mediaParams, response: { 200: { type: 'string', format: 'binary', description: 'The image (JPEG, PNG or WebP)' }, '4xx': { description: 'Open311 errors', ...open311Schemas.errors } } } }, async (request, reply) => {
    const notFound = new Open311Error(404, `No published photo ${request.params.file}`)
    const match = /^([A-Za-z0-9_-]{1,64})\.(jpg|png|webp)$/.exec(request.params.file)
    if (!match) throw notFound
    const attachment = await findTicketPhoto(store, match[1])
    if (!attachment?.data || !attachment.ticket || !isPublicKind(attachment.ticket.kind)) throw notFound
    const category = await findCategory(store, attachment.ticket.category)
    if (!category?.open311) throw notFound
    const image = stripImageMetadata(attachment.contentType, Buffer.from(attachment.data))
    if (!image) throw notFound
    return reply
      .header('cache-control', 'public, max-age=86400')
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', 'inline')
      .type(image.contentType)
      .send(image.data)
  })
}

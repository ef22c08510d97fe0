// An attachment's bytes and what they are, for the agents' download route (src/inbox/attachments.ts).
import { prismaFor, type DbOrTx } from './transaction.ts'

export type AttachmentFile = { id: string, filename: string, contentType: string, data: Uint8Array | null, messageId: number | null, ticketId: string | null }

export async function attachmentFile (on: DbOrTx, id: string): Promise<AttachmentFile | null> {
  return prismaFor(on).attachment.findUnique({ where: { id }, select: { id: true, filename: true, contentType: true, data: true, messageId: true, ticketId: true } })
}

// Raw citizen emails for tests, built with nodemailer's own MIME composer (stream transport),
// so what lands in Dovecot is what a real mail client would send. No I/O: unit tests use it too.
import nodemailer from 'nodemailer'
import { randomUUID } from 'node:crypto'

export type CitizenMail = {
  from: string
  to?: string
  subject?: string
  text?: string
  html?: string
  messageId?: string
  inReplyTo?: string
  references?: string[]
  headers?: Record<string, string>
  attachments?: { filename: string, contentType: string, content: Buffer }[]
}

const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' })

export async function buildMail (mail: CitizenMail): Promise<{ raw: Buffer, messageId: string }> {
  const messageId = mail.messageId ?? `<${randomUUID()}@citoyen.example>`
  const info = await composer.sendMail({
    from: mail.from,
    to: mail.to ?? 'Mairie <mairie@ville.example>',
    subject: mail.subject ?? 'Question',
    text: mail.text,
    html: mail.html,
    messageId,
    inReplyTo: mail.inReplyTo,
    references: mail.references,
    headers: mail.headers,
    attachments: mail.attachments,
  })
  return { raw: info.message as Buffer, messageId }
}

/** A 1×1 PNG: a real image, a few bytes. */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')
export const TINY_PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')

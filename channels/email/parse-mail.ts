// One parsed email (mailparser's ParsedMail) → what the core stores, plus the facts threading and
// the loop guard need. Pure: no I/O, so it is tested on .eml fixtures.
import { createHash } from 'node:crypto'
import type { ParsedMail } from 'mailparser'
import type { InboundAttachment, InboundMessage } from '../../src/core/channel.ts'
import { MAX_ATTACHMENT_BYTES } from '../../src/domain.ts'
import { stripQuotesAndSignature } from './strip-quotes.ts'
import { autoReplyBlocker, type LoopReason } from './loop-guard.ts'
import { parseMessageIds, ticketReferenceIn } from './threading.ts'
import { emailReplyReference } from './reply-reference.ts'

export const EMAIL_MAX_TEXT = 100_000
export const MAX_ATTACHMENTS = 10
const ALLOWED_TYPES = /^(image\/(jpeg|png|gif|webp|heic|heif)|application\/pdf)$/i

export type ParsedInbound = {
  message: InboundMessage
  /** In-Reply-To then References, newest first: ids that may name our earlier messages. */
  threadIds: string[]
  ticketReference?: string
  loopReason?: LoopReason
}

export type ParseOutcome = ParsedInbound | { skipped: 'no_sender' }

export function parseInboundMail (mail: ParsedMail, raw: Buffer, ourAddress: string): ParseOutcome {
  const from = mail.from?.value.find(a => a.address)?.address?.trim().toLowerCase()
  if (!from || !from.includes('@')) return { skipped: 'no_sender' }
  const headers = headerValues(mail)
  const subject = withoutNul(mail.subject ?? '').replace(/\s+/g, ' ').trim()
  const messageId = parseMessageIds(mail.messageId)[0]
  const inReplyTo = parseMessageIds(mail.inReplyTo)
  const references = parseMessageIds(mail.references)
  const { kept, rejected } = pickAttachments(mail)
  const threadReferences = [...references, ...inReplyTo.filter(id => !references.includes(id))].slice(-30)

  const fullText = cleanText(mail.text ?? '')
  const text = (fullText || subject || (kept.length ? '(pièce jointe)' : '(message vide)')).slice(0, EMAIL_MAX_TEXT)
  const stripped = stripQuotesAndSignature(fullText)
  const nluText = stripped || subject.replace(/^((re|tr|fwd?|réf)\s*:\s*)+/i, '')

  const message: InboundMessage = {
    channel: 'email',
    // A Message-ID is the dedupe key; mail without one gets a stable id from its bytes.
    externalId: messageId && messageId.length <= 500 ? messageId : `sha256:${createHash('sha256').update(raw).digest('hex')}`,
    from: { kind: 'email', value: from },
    text,
    nluText: nluText !== text ? nluText.slice(0, EMAIL_MAX_TEXT) : undefined,
    attachments: kept,
    meta: {
      subject,
      messageId,
      inReplyTo: inReplyTo[0],
      references: threadReferences,
      fromName: withoutNul(mail.from?.value.find(a => a.address)?.name ?? '') || undefined,
      ...(rejected.length ? { rejectedAttachments: rejected } : {}),
    },
    // The answer threads under this mail (compose-mail.ts reads it back).
    replyReference: emailReplyReference({ messageId, references: threadReferences, subject }),
  }
  return {
    message,
    threadIds: [...new Set([...inReplyTo, ...references.slice().reverse()])],
    ticketReference: ticketReferenceIn(subject),
    loopReason: autoReplyBlocker({ from, subject, headers, contentType: (headers['content-type'] ?? 'text/plain').split(';')[0]!.trim() }, ourAddress),
  }
}

/** First value of each header, by lower-cased name, unfolded (mailparser's raw header lines). */
function headerValues (mail: ParsedMail): Record<string, string> {
  const out: Record<string, string> = {}
  for (const { key, line } of mail.headerLines ?? []) {
    const name = key.toLowerCase()
    if (name in out) continue
    out[name] = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim()
  }
  return out
}

// HTML-only mail arrives converted by mailparser (html-to-text); drop the [cid:…] / [image URL]
// markers it leaves for pictures, and trailing spaces.
function cleanText (text: string): string {
  return withoutNul(text)
    .replace(/\r\n?/g, '\n')
    .replace(/\[(cid:[^\]\s]*|https?:\/\/[^\]\s]*\.(png|jpe?g|gif|svg|webp)(\?[^\]\s]*)?)\]/gi, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

function pickAttachments (mail: ParsedMail): { kept: InboundAttachment[], rejected: { filename: string, reason: string }[] } {
  const kept: InboundAttachment[] = []
  const rejected: { filename: string, reason: string }[] = []
  for (const a of mail.attachments ?? []) {
    const filename = withoutNul(a.filename ?? 'piece-jointe').slice(0, 200)
    const contentType = (a.contentType ?? 'application/octet-stream').toLowerCase()
    const reason = !ALLOWED_TYPES.test(contentType) ? 'type'
      : a.content.length > MAX_ATTACHMENT_BYTES ? 'size'
        : kept.length >= MAX_ATTACHMENTS ? 'count'
          : undefined
    if (reason) rejected.push({ filename, reason })
    else kept.push({ filename, contentType, data: a.content })
  }
  return { kept, rejected }
}

// PostgreSQL text cannot hold NUL: such a mail would fail to store at every try.
function withoutNul (text: string): string {
  return text.replaceAll('\u0000', '')
}

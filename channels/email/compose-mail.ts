// An outbound message as an email: threaded on the citizen's last mail (In-Reply-To, References,
// "Re: subject [DEM-…]"), marked Auto-Submitted when the assistant wrote it (RFC 3834) but not
// when an agent did, X-Loop with our address, plain text plus escaped HTML, the town's signature.
import type { OutboundMessage } from '../../src/core/channel.ts'
import { parseMessageIds } from './threading.ts'
import { readEmailReplyReference } from './reply-reference.ts'

export type ComposeSettings = { mailFrom: string, fromAddress: string, signature: string }

export type ComposedMail = {
  from: string
  to: string
  subject: string
  messageId: string
  inReplyTo?: string
  references?: string[]
  headers: Record<string, string>
  text: string
  html: string
  attachments?: { filename: string, contentType: string, content: Buffer }[]
}

const DEFAULT_SUBJECT = { fr: 'Votre message à la mairie', en: 'Your message to the town hall' }
const MAX_REFERENCES = 20

export function composeMail (message: OutboundMessage, settings: ComposeSettings): ComposedMail {
  const thread = readEmailReplyReference(message.replyReference)
  // A broadcast starts a thread of its own; the citizen's reply to it threads on it as usual.
  const parentId = message.bulk ? undefined : parseMessageIds(thread.messageId)[0]
  const references = [...parseMessageIds(thread.references), ...(parentId ? [parentId] : [])]
  const automatic = message.author !== 'agent'
  const bulk = message.bulk
  return {
    from: settings.mailFrom,
    to: message.to.value,
    subject: bulk ? bulk.subject.replace(/[\r\n]+/g, ' ').slice(0, 250) : replySubject(thread.subject ?? message.subject, message.ticketReference, message.lang),
    // Stable across retries: a send that reached the server but failed on our side is recognised as the same mail.
    messageId: `<${message.outboxId}@${domainOf(settings.fromAddress)}>`,
    ...(parentId ? { inReplyTo: parentId, references: [...new Set(references)].slice(-MAX_REFERENCES) } : {}),
    headers: {
      'X-Loop': settings.fromAddress,
      ...(automatic
        ? { 'Auto-Submitted': message.author === 'bot' ? 'auto-replied' : 'auto-generated', 'X-Auto-Response-Suppress': 'All' }
        : {}),
      // A broadcast is bulk mail: one-click unsubscribe (RFC 8058) and Precedence: bulk (issue 20).
      ...(bulk ? { Precedence: 'bulk', 'Auto-Submitted': 'auto-generated' } : {}),
      ...(bulk?.unsubscribeUrl ? { 'List-Unsubscribe': `<${bulk.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
    },
    text: `${message.text}\n\n-- \n${settings.signature}\n`,
    html: toHtml(message.text, settings.signature),
    ...(message.attachments?.length ? { attachments: message.attachments.map(a => ({ filename: a.filename, contentType: a.contentType, content: a.data })) } : {}),
  }
}

export function replySubject (subject: string | undefined, ticketReference: string | undefined, lang: 'fr' | 'en'): string {
  const base = (subject ?? '').replace(/[\r\n]+/g, ' ').replace(/^\s*((re|aw|tr|réf|ref)\s*:\s*)+/i, '').trim() || DEFAULT_SUBJECT[lang]
  const withReference = ticketReference && !base.includes(ticketReference) ? `${base} [${ticketReference}]` : base
  return `Re: ${withReference}`.slice(0, 250)
}

export function escapeHtml (text: string): string {
  return text.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!))
}

function toHtml (text: string, signature: string): string {
  const paragraphs = text.split(/\n{2,}/).map(p => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n')
  const sign = `<p style="color:#555">-- <br>${escapeHtml(signature).replace(/\n/g, '<br>')}</p>`
  return `<!doctype html>\n<html><body>\n${paragraphs}\n${sign}\n</body></html>\n`
}

export function domainOf (address: string): string {
  return address.slice(address.lastIndexOf('@') + 1) || 'localhost'
}

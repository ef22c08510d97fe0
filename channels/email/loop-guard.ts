// Never loop, never spam (LESSONS.md "Mail loops"; Zammad's rule set, RFC 3834): mail that must
// not get an automatic answer. It is still stored and shown to agents; only the reply is withheld.

export type LoopReason =
  | 'own_address' | 'loop' | 'auto_submitted' | 'auto_reply' | 'auto_response_suppressed'
  | 'precedence' | 'mailing_list' | 'bounce' | 'no_reply_sender'

export type MailFacts = {
  /** The sender's lower-cased address. */
  from: string
  subject: string
  /** Header values by lower-cased name (first occurrence). */
  headers: Readonly<Record<string, string | undefined>>
  /** The top-level content type, e.g. multipart/report for delivery reports. */
  contentType: string
}

// Only unambiguous phrases: "Absence de ramassage des poubelles" is a citizen's report, not an out-of-office.
const OUT_OF_OFFICE_SUBJECT = /^\s*(r[ée]ponse automatique|automatic reply|auto[- ]?reply|autoreply|out of (the )?office|absen(ce|t) du bureau|message d'absence|abwesenheitsnotiz|undeliverable\s*:|non remis\s*:|delivery status notification|mail delivery (failed|subsystem)|returned mail\s*:)/i
const SYSTEM_LOCAL_PART = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)$/i
const NO_REPLY_LOCAL_PART = /^(no-?reply|do-?not-?reply|ne-?pas-?repondre|noreply-.*)$/i

/** Why this mail must not be answered automatically, or undefined when answering is fine. */
export function autoReplyBlocker (mail: MailFacts, ourAddress: string): LoopReason | undefined {
  const h = (name: string) => mail.headers[name]?.trim().toLowerCase()
  const localPart = mail.from.split('@')[0] ?? ''
  if (mail.from === ourAddress) return 'own_address'
  if (h('x-loop')?.includes(ourAddress)) return 'loop'
  if (SYSTEM_LOCAL_PART.test(localPart) || mail.contentType.toLowerCase() === 'multipart/report') return 'bounce'
  if (h('return-path') === '<>') return 'bounce'
  const autoSubmitted = h('auto-submitted')
  if (autoSubmitted && !/^no\b/.test(autoSubmitted)) return 'auto_submitted'
  if (h('x-autoreply') !== undefined || h('x-autorespond') !== undefined || h('x-autoresponder') !== undefined) return 'auto_reply'
  const suppress = h('x-auto-response-suppress')
  if (suppress && /\b(all|autoreply|oof)\b/.test(suppress)) return 'auto_response_suppressed'
  if (/^(bulk|list|junk)$/.test(h('precedence') ?? '')) return 'precedence'
  if (h('list-id') !== undefined || h('list-unsubscribe') !== undefined) return 'mailing_list'
  if (OUT_OF_OFFICE_SUBJECT.test(mail.subject)) return 'auto_reply'
  if (NO_REPLY_LOCAL_PART.test(localPart)) return 'no_reply_sender'
  return undefined
}

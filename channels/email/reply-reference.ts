// Email's reply reference (see ReplyReference in src/core/channel.ts): the headers of the citizen's
// latest mail in the conversation, so that an answer threads under it (In-Reply-To, References)
// with its subject. Written from each inbound mail, kept by the core per conversation, read back
// at every send. Conversations stored before the reference existed hold that mail's whole meta
// (a superset of these fields): reading picks the fields by name.

export type EmailReplyReference = {
  /** The citizen's Message-ID (absent when the mail had none). */
  messageId?: string
  /** Its References and In-Reply-To, oldest first. */
  references: string[]
  subject?: string
}

export function emailReplyReference (mail: { messageId?: string, references: string[], subject: string }): EmailReplyReference {
  return { ...(mail.messageId ? { messageId: mail.messageId } : {}), references: mail.references, ...(mail.subject ? { subject: mail.subject } : {}) }
}

/** The stored reference, read defensively: a field of the wrong type counts as absent. */
export function readEmailReplyReference (stored: unknown): EmailReplyReference {
  const value = (stored ?? {}) as Record<string, unknown>
  return {
    messageId: stringOf(value.messageId),
    references: Array.isArray(value.references) ? value.references.filter((v): v is string => typeof v === 'string') : typeof value.references === 'string' ? [value.references] : [],
    subject: stringOf(value.subject),
  }
}

function stringOf (value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined
}

// How the core keeps a channel's reply reference (ChannelAdapter.replyReferenceScope): per address
// on the identity, or per conversation in an envelope that names the channel, so that a
// conversation another channel joined (an email naming a web chat's ticket) never hands one
// channel's reference to another. The core never looks inside the reference itself.

/** The stored form of a conversation's reference. */
export function wrapReplyReference (channel: string, reference: unknown): string {
  return JSON.stringify({ channel, reference })
}

/** The reference `channel` stored on the conversation, or undefined (none, or another channel's). */
export function unwrapReplyReference (stored: string | null, channel: string): unknown {
  if (!stored) return undefined
  const envelope = JSON.parse(stored) as { channel?: unknown, reference?: unknown }
  return envelope.channel === channel ? envelope.reference ?? undefined : undefined
}

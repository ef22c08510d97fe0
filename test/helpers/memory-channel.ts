// An in-memory channel (in the spirit of botbuilder's TestAdapter): it records every send() and can
// be told to fail, so core tests drive whole conversations and outbox retries without any vendor.
import { ChannelSendError, type ChannelAdapter, type ChannelModule, type InboundMessage, type OutboundMessage } from '../../src/core/channel.ts'
import type { ChannelName } from '../../src/domain.ts'

// Not a real channel name: the core stores the channel as a string and never branches on it.
export const MEMORY_CHANNEL = 'memory' as ChannelName

export type Failure = { retryable: boolean, retryAfterMs?: number }

export type MemoryChannel = ChannelAdapter & {
  /** Successful sends, in order. */
  readonly sent: OutboundMessage[]
  /** Every call to send(), failed or not. */
  readonly calls: OutboundMessage[]
  /** The next `times` sends fail (Infinity: every send). */
  failNext (times: number, failure?: Failure): void
  module: ChannelModule
}

export function createMemoryChannel (): MemoryChannel {
  const sent: OutboundMessage[] = []
  const calls: OutboundMessage[] = []
  let failuresLeft = 0
  let failure: Failure = { retryable: true }
  const channel: MemoryChannel = {
    name: MEMORY_CHANNEL,
    maxTextLength: 4000,
    sent,
    calls,
    failNext (times, how = { retryable: true }) {
      failuresLeft = times
      failure = how
    },
    async send (message) {
      calls.push(message)
      if (failuresLeft > 0) {
        failuresLeft--
        throw new ChannelSendError(`memory channel refused attempt ${calls.length}`, failure.retryable, failure.retryAfterMs)
      }
      sent.push(message)
      return { providerMessageId: `memory-${message.outboxId}-${calls.length}`, status: 'sent' }
    },
    module: undefined as unknown as ChannelModule,
  }
  channel.module = { name: MEMORY_CHANNEL, identityKinds: [], readSettings: () => ({}), create: () => channel }
  return channel
}

let counter = 0

/** A citizen message as the channel would hand it to ctx.receive. */
export function memoryInbound (from: string, text: string, externalId = `mem-${process.pid}-${++counter}`): InboundMessage {
  return { channel: MEMORY_CHANNEL, externalId, from: { kind: 'phone', value: from }, text }
}

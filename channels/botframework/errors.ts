// Pure: a connector failure → retry or give up.
import { ChannelSendError } from '../../src/core/channel.ts'

export function classifyBotFrameworkError (error: unknown): ChannelSendError {
  const status = (error as { statusCode?: number })?.statusCode
  const message = `Bot Framework send failed${status ? ` (HTTP ${status})` : ''}: ${(error as Error)?.message ?? error}`
  // 429 and 5xx are the connector's to recover from; other 4xx (bot removed, conversation gone) are final.
  const retryable = status === undefined || status === 429 || status >= 500
  return new ChannelSendError(message, retryable, undefined, { cause: error })
}

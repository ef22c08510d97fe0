// Sending one outbound message over SMTP (nodemailer). Called by the outbox worker, which
// retries what errors.ts calls temporary; our Message-ID is returned so the citizen's answer
// threads back into the conversation.
import nodemailer from 'nodemailer'
import { ChannelSendError, type OutboundMessage, type SendResult } from '../../src/core/channel.ts'
import { composeMail, type ComposeSettings } from './compose-mail.ts'
import { classifySmtpError } from './errors.ts'

export type SmtpSender = { send (message: OutboundMessage): Promise<SendResult>, close (): void }

// Well under the outbox's 60 s lease, so a slow server never gets the same mail sent twice in parallel.
const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 }

export function createSmtpSender (smtpUrl: string, settings: ComposeSettings): SmtpSender {
  const transport = nodemailer.createTransport({ url: smtpUrl, ...TIMEOUTS } as Parameters<typeof nodemailer.createTransport>[0])
  return {
    async send (message) {
      const mail = composeMail(message, settings)
      let info: { rejected?: unknown[] }
      try {
        info = await transport.sendMail(mail)
      } catch (error) {
        throw classifySmtpError(error)
      }
      if (info.rejected?.length) throw new ChannelSendError('SMTP server refused the recipient', false)
      return { providerMessageId: mail.messageId, status: 'sent', meta: { messageId: mail.messageId } }
    },
    close: () => transport.close(),
  }
}

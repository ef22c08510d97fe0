// Email over IMAP and SMTP (issue 6): the town's mailbox is watched, each mail is stored through
// the core (threaded, loop-checked), and answers leave through the outbox over SMTP.
import { simpleParser } from 'mailparser'
import type { ChannelAdapter, ChannelDeps, ContextWith } from '../../src/core/channel.ts'
import { AppError } from '../../src/errors.ts'
import type { EmailConfig } from './config.ts'
import { parseInboundMail, EMAIL_MAX_TEXT, type ParsedInbound, type ParseOutcome } from './parse-mail.ts'
import { findThreadConversation } from './threading.ts'
import { AutoReplyCap } from './auto-reply-cap.ts'
import { DEFAULT_TIMING, ImapWatcher, type MailHandler, type WatcherTiming } from './imap-watcher.ts'
import { createSmtpSender } from './send.ts'
import { domainOf } from './compose-mail.ts'

export type EmailChannel = ChannelAdapter<'threading'> & { readonly isConnected: boolean }

export function createEmailChannel (config: EmailConfig, _deps: ChannelDeps, timing: Partial<WatcherTiming> = {}): EmailChannel {
  const sender = createSmtpSender(config.smtpUrl, {
    mailFrom: config.mailFrom,
    fromAddress: config.fromAddress,
    signature: config.signature ?? (/^\s*"?([^"<]+?)"?\s*</.exec(config.mailFrom)?.[1] ?? config.fromAddress),
  })
  let watcher: ImapWatcher | undefined
  return {
    name: 'email',
    maxTextLength: EMAIL_MAX_TEXT,
    oneMessagePerTurn: true,
    uses: { threading: true },
    get isConnected () { return watcher?.isConnected ?? false },
    async start (ctx) {
      watcher = new ImapWatcher(config.imap, config.processedFolder, { ...DEFAULT_TIMING, ...timing }, mailHandler(config, ctx), ctx.state, ctx.log)
      watcher.start()
    },
    async stop () {
      await watcher?.stop()
      sender.close()
    },
    send: message => sender.send(message),
  }
}

// A batch is parsed together and handed to the core concurrently (the core stores concurrent
// receives in one transaction). Mails from one sender go one after another, in mailbox order: the
// auto-reply cap is read before and written after each of them, and the thread lookup may find
// the conversation the previous mail opened.
function mailHandler (config: EmailConfig, ctx: ContextWith<'threading'>): MailHandler {
  const handleOne = oneMailHandler(config, ctx)
  return async raws => {
    const parsed = await Promise.all(raws.map(raw => parseMail(raw, config.fromAddress).catch((error: Error) => error)))
    const bySender = new Map<string, Promise<unknown>>()
    return Promise.all(parsed.map(mail => {
      if (mail instanceof Error) return mail
      if ('skipped' in mail) {
        ctx.log.warn({ reason: mail.skipped }, 'email: mail left unread for a person')
        return 'skipped' as const
      }
      const sender = mail.message.from.value
      const outcome = (bySender.get(sender) ?? Promise.resolve()).then(() => handleOne(mail)).catch((error: Error) => error)
      bySender.set(sender, outcome)
      return outcome
    }))
  }
}

async function parseMail (raw: Buffer, ourAddress: string): Promise<ParseOutcome> {
  return parseInboundMail(await simpleParser(raw, { skipTextToHtml: true }), raw, ourAddress)
}

function oneMailHandler (config: EmailConfig, ctx: ContextWith<'threading'>) {
  const cap = new AutoReplyCap(ctx.state, config.maxAutoRepliesPerHour)
  const ourDomain = domainOf(config.fromAddress)
  return async (parsed: ParsedInbound): Promise<'stored' | 'skipped'> => {
    const { message } = parsed
    message.conversationHint = await findThreadConversation(ctx.threading, { from: message.from, threadIds: parsed.threadIds, ticketReference: parsed.ticketReference }, ourDomain)
    // A mail that refers to none of ours is a new subject, even from someone we know.
    message.newThread = !message.conversationHint
    const reason = parsed.loopReason ?? (await cap.isReached(message.from.value) ? 'rate_limited' : undefined)
    if (reason) message.suppressAutoReply = reason
    try {
      const received = await ctx.receive(message)
      if (!received.duplicate && !reason) await cap.record(message.from.value)
      ctx.log.info({ messageId: received.messageId, duplicate: received.duplicate, threaded: Boolean(message.conversationHint), suppressAutoReply: reason }, 'email: mail stored')
      return 'stored'
    } catch (error) {
      // A mail the core refuses for good (e.g. an oversized attachment) must not block the mailbox.
      if (error instanceof AppError) {
        ctx.log.warn({ err: error.message }, 'email: mail refused by the core, left unread for a person')
        return 'skipped'
      }
      throw error
    }
  }
}

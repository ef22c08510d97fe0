// A real SMTP server (smtp-server from npm) that keeps what it receives, parsed by mailparser,
// and can be told to refuse the next mails with a given reply code (4xx temporary, 5xx permanent).
import { SMTPServer } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'
import type { AddressInfo } from 'node:net'

export type SmtpSink = {
  url: string
  received: ParsedMail[]
  /** When each mail of `received` was taken (epoch ms), for the benches' rates. */
  receivedAt: number[]
  /** The next `count` mails get `code` at the end of DATA. */
  refuseNext (count: number, code: number): void
  stop (): Promise<void>
}

export async function startSmtpSink (): Promise<SmtpSink> {
  const received: ParsedMail[] = []
  const receivedAt: number[] = []
  let refusals: { count: number, code: number } = { count: 0, code: 0 }
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData (stream, _session, callback) {
      simpleParser(stream).then(mail => {
        if (refusals.count > 0) {
          refusals.count--
          const error = Object.assign(new Error(refusals.code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: refusals.code })
          callback(error)
          return
        }
        received.push(mail)
        receivedAt.push(performance.timeOrigin + performance.now())
        callback()
      }, callback)
    },
  })
  // A client that dies mid-transaction (kill -9 in crash:email) resets its connection: that is its
  // business, not the sink's; without a listener the error would take the whole process down.
  server.on('error', () => {})
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    receivedAt,
    refuseNext (count, code) { refusals = { count, code } },
    stop: () => new Promise(resolve => server.close(() => resolve())),
  }
}

// A real Dovecot for email tests (RECIPES.md §4): started on a free loopback port with its own
// config, a throw-away user and Maildir in the system's temporary directory, stopped (or killed and restarted) by
// the test. Mail is delivered with IMAP APPEND, as an MTA would drop it into the mailbox.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import net from 'node:net'
import { randomUUID } from 'node:crypto'
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { ImapFlow } from 'imapflow'

export type Dovecot = {
  host: string
  port: number
  user: string
  password: string
  /** Drops a raw RFC 822 message into the mailbox (unseen unless flags say otherwise); returns its UID. */
  deliver (raw: string | Buffer, mailbox?: string, flags?: string[]): Promise<number>
  /** Marks every mail of the mailbox read or unread (what a person does in a mail client). */
  setSeen (seen: boolean, mailbox?: string): Promise<void>
  /** UIDs of the mailbox with their flags. */
  list (mailbox?: string): Promise<{ uid: number, flags: string[] }[]>
  /** Kills the server (the client sees the connection drop), then starts it again on the same port. */
  kill (): Promise<void>
  startAgain (): Promise<void>
  stop (): Promise<void>
}

export const isDovecotInstalled = fs.existsSync('/usr/sbin/dovecot')

export async function startDovecot (): Promise<Dovecot> {
  // Not under the checkout: mail processes run as nobody and must reach the mail root, which a
  // checkout inside a private (0700) directory, such as one made by mktemp -d, would forbid.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mairie-dovecot-'))
  const port = await freePort()
  const user = `mairie-${randomUUID().slice(0, 8)}@test.local`
  const password = randomUUID()
  for (const sub of ['run', 'state', 'home']) fs.mkdirSync(path.join(dir, sub), { recursive: true })
  fs.writeFileSync(path.join(dir, 'users'), `${user}:{PLAIN}${password}\n`)
  fs.writeFileSync(path.join(dir, 'dovecot.conf'), config(dir, port))
  // Mail processes may not run as root (mail_uid = nobody): the mail root must be theirs.
  execFileSync('chown', ['-R', 'nobody:nogroup', path.join(dir, 'home')])
  fs.chmodSync(dir, 0o755)

  let child: ChildProcess | undefined
  const launch = async () => {
    // Its own process group, so a crash can take down the master and every child it forked, by group id.
    child = spawn('/usr/sbin/dovecot', ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: 'ignore', detached: true })
    await waitForPort(port)
  }
  const halt = async (signal: NodeJS.Signals) => {
    const c = child
    child = undefined
    if (!c || c.exitCode !== null) return
    const exited = new Promise(resolve => c.once('exit', resolve))
    try { process.kill(-c.pid!, signal) } catch { c.kill(signal) } // the group is gone already: kill the master alone
    await exited
  }
  await launch()

  const withClient = async <T>(run: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password }, logger: false })
    await client.connect()
    try { return await run(client) } finally { await client.logout() }
  }

  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    deliver: (raw, mailbox = 'INBOX', flags = []) => withClient(async client => {
      const res = await client.append(mailbox, raw, flags, new Date())
      if (!res) throw new Error('APPEND failed')
      return Number(res.uid)
    }),
    setSeen: (seen, mailbox = 'INBOX') => withClient(async client => {
      const lock = await client.getMailboxLock(mailbox)
      try {
        if (seen) await client.messageFlagsAdd('1:*', ['\\Seen'])
        else await client.messageFlagsRemove('1:*', ['\\Seen'])
      } finally { lock.release() }
    }),
    list: (mailbox = 'INBOX') => withClient(async client => {
      const out: { uid: number, flags: string[] }[] = []
      const lock = await client.getMailboxLock(mailbox)
      try {
        if ((client.mailbox || undefined)?.exists) {
          for await (const m of client.fetch('1:*', { uid: true, flags: true })) out.push({ uid: m.uid, flags: [...(m.flags ?? [])] })
        }
      } finally { lock.release() }
      return out
    }),
    // A crash: SIGKILL the master and its children (the client connections drop at once).
    kill: () => halt('SIGKILL'),
    startAgain: launch,
    // Killed rather than stopped: a clean Dovecot shutdown takes 1–2 s and nothing here needs it.
    stop: async () => {
      await halt('SIGKILL')
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 })
    },
  }
}

function config (dir: string, port: number): string {
  return `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/home/%u/Maildir
mail_uid = nobody
mail_gid = nogroup
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=${dir}/home/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
namespace inbox {
  inbox = yes
  separator = /
}
`
}

async function freePort (): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

async function waitForPort (port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const ok = await new Promise<boolean>(resolve => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(true) })
      socket.once('error', () => resolve(false))
    })
    if (ok) return
    if (Date.now() > deadline) throw new Error(`Dovecot did not listen on ${port}`)
    await new Promise(resolve => setTimeout(resolve, 30))
  }
}

import { execFile, spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { startScriptRuntime } from '../../bench/app-command.ts'

// npm start compiles the app to dist/ when the sources changed (scripts/build.mjs), then runs it on
// plain Node. The build is done here first, with its own time limit, so the starts below are timed alone.
beforeAll(async () => { await promisify(execFile)('npm', ['run', 'build', '--silent']) }, 300_000)

describe('npm start with a wrong setting', () => {
  it('prints one line naming the variable, exits non-zero, and creates no database', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'start-config-'))
    const dbFile = path.join(dir, 'assistant.db')
    try {
      const run = spawnSync('npm', ['start', '--silent'], {
        env: { ...process.env, PORT: 'abc', DATABASE_URL: `file:${dbFile}`, LOG_LEVEL: 'info' },
        encoding: 'utf8',
        timeout: 30_000,
      })
      expect(run.status).not.toBe(0)
      expect(run.status).not.toBeNull()
      const lines = `${run.stdout}${run.stderr}`.split('\n').filter(line => line.trim())
      expect(lines).toEqual(['Configuration error: PORT must be a whole number from 0 to 65535 (got "abc")'])
      expect(fs.existsSync(dbFile)).toBe(false)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('stops on a wrong channel setting the same way, before the database is created', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'start-config-'))
    const dbFile = path.join(dir, 'assistant.db')
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `file:${dbFile}`, LOG_LEVEL: 'info', SEED_DEMO: 'false', IMAP_HOST: 'imap.example.fr', IMAP_USER: 'mairie', IMAP_PASSWORD: 'secret', SMTP_URL: 'smtp://mail.example.fr', MAIL_FROM: 'Mairie <mairie@example.fr>', IMAP_SECURE: 'yes' }
      for (const name of Object.keys(env)) if (/^(TWILIO_|MICROSOFT_APP|BOTFRAMEWORK_|SLACK_)/.test(name)) delete env[name]
      const run = spawnSync('npm', ['start', '--silent'], { env, encoding: 'utf8', timeout: 30_000 })
      expect(run.status).not.toBe(0)
      expect(run.status).not.toBeNull()
      const lines = `${run.stdout}${run.stderr}`.split('\n').filter(line => line.trim())
      expect(lines).toEqual(['Configuration error: IMAP_SECURE must be true or false (got "yes")'])
      expect(fs.existsSync(dbFile)).toBe(false)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('npm start', () => {
  it('runs the compiled app on plain Node: migrations in their worker, the demo town, pages and chat served', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'start-compiled-'))
    const port = await freePort()
    const proc = spawn('npm', ['start', '--silent'], { env: { ...process.env, PORT: String(port), DATABASE_URL: `file:${path.join(dir, 'assistant.db')}`, LOG_LEVEL: 'info' }, detached: true })
    let output = ''
    proc.stdout.on('data', chunk => { output += chunk })
    proc.stderr.on('data', chunk => { output += chunk })
    try {
      const base = `http://127.0.0.1:${port}`
      for (let i = 0; i < 600 && !output.includes('"msg":"ready: '); i++) await new Promise(resolve => setTimeout(resolve, 100))
      expect(output).toContain('"msg":"database migrations applied"')
      expect(output).toContain('"msg":"demo town seeded"')
      // The server process is node on dist/, without tsx's loader.
      const pid = childPid(proc.pid!)
      const server = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)
      expect(server.slice(-1)[0]).toBe('dist/src/server.js')
      expect(server.join(' ')).not.toContain('tsx')
      // With the start script's memory options and environment (docs/operations.md), as the bench runs it.
      const { execArgv, env } = startScriptRuntime((JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start)
      expect(server.slice(1, -1)).toEqual(execArgv)
      const environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')
      for (const [name, value] of Object.entries(env)) expect(environ).toContain(`${name}=${value}`)
      expect((await fetch(`${base}/chat`)).status).toBe(200)
      expect((await fetch(`${base}/inbox-assets/chart.umd.min.js`)).status).toBe(200)
      const session = await fetch(`${base}/channels/webchat/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
      expect(session.status).toBe(201)
    } finally {
      process.kill(-proc.pid!, 'SIGTERM')
      await new Promise(resolve => proc.once('exit', resolve))
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})

function freePort (): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    }).on('error', reject)
  })
}

/** The node process npm started (npm → sh → node). */
function childPid (pid: number): number {
  const children = (p: number) => fs.readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  let found = pid
  for (let next = children(found); next.length; next = children(found)) found = next[0]
  return found
}

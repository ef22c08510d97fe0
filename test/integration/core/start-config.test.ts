import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

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

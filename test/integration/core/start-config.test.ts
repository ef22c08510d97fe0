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
})

import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { startScriptRuntime } from '../../bench/app-command.ts'

// The bench must measure the app as npm start runs it (issue 19): it takes the start script's
// node options and environment for its own app process.
describe("the bench's app command", () => {
  it("takes the node options and environment of the start script's server command", () => {
    expect(startScriptRuntime('node scripts/build.mjs && MALLOC_ARENA_MAX=2 node --max-semi-space-size=8 --no-warnings dist/src/server.js'))
      .toEqual({ execArgv: ['--max-semi-space-size=8', '--no-warnings'], env: { MALLOC_ARENA_MAX: '2' } })
    expect(startScriptRuntime('node scripts/build.mjs && node dist/src/server.js')).toEqual({ execArgv: [], env: {} })
  })

  it('refuses a start script that does not run the compiled server, rather than measure something else', () => {
    expect(() => startScriptRuntime('tsx src/server.ts')).toThrow(/does not run dist\/src\/server\.js/)
  })

  it("reads this project's start script", () => {
    const start = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start
    expect(startScriptRuntime(start).execArgv.every(option => option.startsWith('--'))).toBe(true)
  })
})

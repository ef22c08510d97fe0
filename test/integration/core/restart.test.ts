import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { createMemoryChannel, memoryInbound } from '../../helpers/memory-channel.ts'
import { createKeywordAnswerer } from '../../helpers/keyword-answerer.ts'
import type { Answerer } from '../../../src/answerer.ts'
import { sqliteFilePath } from '../../../src/db/provider.ts'
import fs from 'node:fs'

const apps: TestApp[] = []
let removeFile = () => {}
afterEach(async () => {
  for (const app of apps.splice(0)) await app.stopAll()
  removeFile()
})

/** The assistant crashes on some turns, as a process killed mid-turn would leave them: stored, not handled. */
function crashingOn (word: RegExp): Answerer {
  const real = createKeywordAnswerer()
  return {
    welcome: real.welcome,
    async answer (turn, data) {
      if (word.test(turn.text)) throw new Error('simulated crash during the turn')
      return real.answer(turn, data)
    },
  }
}

/** Stops the app without deleting its database file (stopAll would). */
async function stopKeepingDatabase (t: TestApp): Promise<string> {
  apps.splice(apps.indexOf(t), 1)
  await t.close()
  await t.database.close()
  const file = sqliteFilePath(t.config.databaseUrl)
  removeFile = () => { for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true }) }
  return t.config.databaseUrl
}

describe('restart', () => {
  it('sends every pending reply once and answers every unhandled message once after a restart', async () => {
    // First process: the channel is down and the assistant crashes on "panne".
    const down = createMemoryChannel()
    down.failNext(Infinity)
    // Many attempts allowed: the replies must still be pending (not failed) when the process stops.
    const first = await buildTestApp({ channels: [down.module], answerer: crashingOn(/panne/), configEnv: { OUTBOX_MAX_ATTEMPTS: '50' } })
    apps.push(first)
    await first.core.receive(memoryInbound('+33600000010', 'bonjour'))
    await first.core.receive(memoryInbound('+33600000011', 'bonjour'))
    await first.core.receive(memoryInbound('+33600000011', 'une panne'))
    await first.core.idle()
    const { db } = first.database
    await waitFor(async () => await db.outboxItem.count({ where: { attempts: { gt: 0 } } }) === 4, 15_000, 'failed attempts')
    expect(down.sent).toHaveLength(0)
    expect(await db.message.count({ where: { direction: 'inbound', processedAt: null } })).toBe(1)
    const databaseUrl = await stopKeepingDatabase(first)

    // Second process on the same file: the channel works again and the assistant too.
    const up = createMemoryChannel()
    const second = await buildTestApp({ databaseUrl, seed: false, channels: [up.module], answerer: createKeywordAnswerer() })
    apps.push(second)
    // Two notices + two "bonjour" answers from before, plus the answer to "une panne".
    await waitFor(() => up.sent.length >= 5, 15_000, 'five sends')
    await second.core.idle()
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(up.sent).toHaveLength(5)
    expect(new Set(up.sent.map(m => m.outboxId)).size).toBe(5)
    // Retries are jittered, so replies left over from before the stop may go out in any order.
    const toSecond = up.sent.filter(m => m.to.value === '+33600000011').map(m => m.text)
    expect(toSecond).toHaveLength(3)
    expect(toSecond).toEqual(expect.arrayContaining([
      expect.stringMatching(/assistant automatique/),
      expect.stringMatching(/^Bonjour !/),
      expect.stringMatching(/pas compris/),
    ]))
    const db2 = second.database.db
    expect(await db2.message.count({ where: { direction: 'inbound', processedAt: null } })).toBe(0)
    expect(await db2.outboxItem.count({ where: { status: { not: 'sent' } } })).toBe(0)
  })

  it('sends replies queued while the outbox was stopped exactly once, even when two processes restart', async () => {
    const channel = createMemoryChannel()
    // start:false: turns run, but the outbox worker never starts before the "crash".
    const first = await buildTestApp({ channels: [channel.module], start: false, answerer: createKeywordAnswerer() })
    apps.push(first)
    await first.core.receive(memoryInbound('+33600000020', 'hello'))
    await first.core.idle()
    expect(await first.database.db.outboxItem.count({ where: { status: 'pending' } })).toBe(2)
    expect(channel.calls).toHaveLength(0)
    const databaseUrl = await stopKeepingDatabase(first)

    // Two instances on the same database drain concurrently: the claim lets only one send each row.
    const a = createMemoryChannel()
    const b = createMemoryChannel()
    // The keyword answerer keeps the texts predictable; what matters here is the core.
    const answerer = createKeywordAnswerer()
    const [appA, appB] = await Promise.all([
      buildTestApp({ databaseUrl, seed: false, channels: [a.module], answerer }),
      buildTestApp({ databaseUrl, seed: false, channels: [b.module], answerer }),
    ])
    apps.push(appA, appB)
    await waitFor(() => a.sent.length + b.sent.length >= 2, 15_000, 'two sends')
    await new Promise(resolve => setTimeout(resolve, 300))
    const all = [...a.sent, ...b.sent]
    expect(all).toHaveLength(2)
    expect(all.map(m => m.text)).toEqual(expect.arrayContaining([expect.stringMatching(/^Hello, I am the automated assistant/), 'Hello! How can I help you?']))
  })
})

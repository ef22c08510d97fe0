import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../helpers/test-app.ts'
import { openTicket } from '../../../src/tickets/ticket-service.ts'
import { inPrismaTransaction } from '../../../src/db/prisma-transaction.ts'
import { storeOf } from '../../../src/db/transaction.ts'
import { signIn } from './ticket-fixtures.ts'

const COUNT = 50

for (const db of ['sqlite', 'postgresql'] as const) {
  describe(`ticket references on ${db}`, () => {
    let t: TestApp
    afterEach(async () => { await t?.stopAll() })

    it(`gives ${COUNT} tickets opened at once the numbers 00001 to 000${COUNT}, no gap, no duplicate`, async () => {
      t = await buildTestApp({ db })
      const agent = await signIn(t)
      const citizen = await t.database.db.citizen.create({ data: {} })
      const responses = await Promise.all(Array.from({ length: COUNT }, (_, i) => t.app.inject({
        method: 'POST', url: '/api/tickets', headers: agent.auth, payload: { citizenId: citizen.id, category: 'roads', description: `Nid-de-poule n°${i}` },
      })))
      expect(responses.map(r => r.statusCode)).toEqual(Array(COUNT).fill(201))
      const year = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Paris', year: 'numeric' }).format(new Date())
      const references = responses.map(r => r.json().ticket.reference as string).sort()
      expect(references).toEqual(Array.from({ length: COUNT }, (_, i) => `DEM-${year}-${String(i + 1).padStart(5, '0')}`))
    })

    it('gives back the number of a creation that was rolled back', async () => {
      t = await buildTestApp({ db })
      const store = storeOf(t.database.db)
      const settings = { ticketPrefix: 'DEM', timeZone: 'Europe/Paris' }
      const input = { kind: 'report' as const, category: 'roads', title: 'x', description: 'x', source: 'agent' as const, actor: { kind: 'agent' as const } }
      await expect(inPrismaTransaction(store, async tx => {
        await openTicket(tx, settings, input, new Date())
        throw new Error('rollback')
      })).rejects.toThrow('rollback')
      const { ticket } = await inPrismaTransaction(store, tx => openTicket(tx, settings, input, new Date()))
      expect(ticket.reference).toMatch(/-00001$/)
    })
  })
}

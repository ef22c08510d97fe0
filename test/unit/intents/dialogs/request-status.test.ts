import { describe, expect, it } from 'vitest'
import { createAssistant } from '../../../../intents/assistant.ts'
import { createTownData, makeTurn, plain } from '../town-data-fake.ts'
import { play } from './conversation.ts'

const assistant = createAssistant()
const data = createTownData()

describe('request_status dialog', () => {
  it('answers the live status of the citizen\'s own ticket, from any reference form', async () => {
    for (const text of ['où en est ma demande DEM-2026-00042 ?', 'dem-2026-42', 'suivi demande 2026-00042']) {
      const result = plain(await assistant.answer(makeTurn(text), data))
      expect(result.intent).toBe('request_status')
      expect(result.replies[0]).toMatch(/DEM-2026-00042 \(Lampadaire rue Jean Jaurès\) est en cours de traitement – Services techniques/)
    }
  })

  it('never shows another citizen\'s ticket, and says the same as for an unknown one', async () => {
    const other = plain(await assistant.answer(makeTurn('où en est DEM-2026-00099'), data))
    const unknown = plain(await assistant.answer(makeTurn('où en est DEM-2026-00777'), data))
    expect(other.replies[0]).toBe('Je ne trouve pas de demande DEM-2026-00099 à votre nom. Vérifiez la référence, ou écrivez « agent ».')
    expect(unknown.replies[0]).toBe(other.replies[0].replace('00099', '00777'))
    expect(other.replies[0]).not.toMatch(/Tag|new|Services/)
  })

  it('lists the citizen\'s open tickets when no reference is given', async () => {
    const result = plain(await assistant.answer(makeTurn('où en sont mes demandes ?'), data))
    expect(result.replies[0]).toMatch(/^Vos demandes en cours : DEM-2026-00042 .* ; DEM-2026-00043 /)
    const none = plain(await assistant.answer(makeTurn('my requests', { citizenId: 'citizen-3' }), data))
    expect(none.replies[0]).toMatch(/^You have no open requests/)
  })

  it('passes the citizen\'s answer to a ticket waiting for them', async () => {
    const results = await play(assistant, data, ['DEM-2026-00043 ?', 'je vous envoie la copie demain'])
    expect(results[0].replies[0]).toMatch(/en attente d'une réponse de votre part.*Répondez ici/)
    expect(results[1].actions).toEqual([{ type: 'ticket_reply', reference: 'DEM-2026-00043', text: 'je vous envoie la copie demain' }])
  })

  it('uses the configured ticket prefix', async () => {
    const custom = createAssistant({ ticketPrefix: 'VDB' })
    const townData = createTownData()
    const result = plain(await custom.answer(makeTurn('suivi vdb-2026-42'), townData))
    expect(result.entities).toMatchObject({ reference: 'VDB-2026-00042' })
  })
})

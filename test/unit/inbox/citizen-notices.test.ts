import { describe, expect, it } from 'vitest'
import { citizenNotice } from '../../../src/inbox/citizen-notices.ts'

describe('what the citizen is told on takeover and hand-back', () => {
  it('speaks French by default and English to a citizen writing English', () => {
    expect(citizenNotice('takeover', 'fr')).toMatch(/personne de la mairie/)
    expect(citizenNotice('takeover', 'de')).toMatch(/personne de la mairie/)
    expect(citizenNotice('takeover', 'en')).toMatch(/person from the town hall/)
    expect(citizenNotice('handback', 'en')).toMatch(/automated assistant/)
    expect(citizenNotice('handback', 'fr')).toMatch(/assistant automatique/)
  })
})

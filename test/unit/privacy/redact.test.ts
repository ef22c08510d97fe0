// Issue 17: nothing that identifies a person survives the redaction of public text.
import { describe, expect, it } from 'vitest'
import { redactPersonalData } from '../../../src/privacy/redact.ts'
import { HARMLESS, PERSONAL_CORPUS } from '../../fixtures/personal-data-corpus.ts'

describe('redaction of public text', () => {
  it('has a corpus of at least 50 messages with personal data', () => {
    expect(PERSONAL_CORPUS.length).toBeGreaterThanOrEqual(50)
  })

  it.each(PERSONAL_CORPUS.map(c => [c.text, c] as const))('leaks nothing from %j', (_text, item) => {
    const out = redactPersonalData(item.text, { addresses: item.home })
    for (const secret of item.secrets) expect(out, out).not.toContain(secret)
  })

  it('masks home addresses only when asked, or when the citizen says it is their home', () => {
    expect(redactPersonalData('Nid-de-poule devant le 12 rue Pasteur')).toBe('Nid-de-poule devant le 12 rue Pasteur')
    expect(redactPersonalData('Nid-de-poule devant le 12 rue Pasteur', { addresses: true })).toBe('Nid-de-poule devant le [adresse masquée]')
    expect(redactPersonalData('j\'habite au 12 rue Pasteur.')).toBe('j\'habite au [adresse masquée].')
  })

  it('says what was masked, so a reader still understands the message', () => {
    expect(redactPersonalData('je suis Marie Dupont, 06 98 76 54 32, marie.dupont@gmail.com'))
      .toBe('je suis [nom masqué], [téléphone masqué], [courriel masqué]')
    expect(redactPersonalData('IBAN FR76 3000 6000 0112 3456 7890 189 merci')).toBe('IBAN [IBAN masqué] merci')
  })

  it.each(HARMLESS)('leaves %j as it is', (text) => {
    expect(redactPersonalData(text)).toBe(text)
  })
})

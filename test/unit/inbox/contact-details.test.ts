import { describe, expect, it } from 'vitest'
import { contactDetails } from '../../../src/inbox/citizens/contact-details.ts'

describe('phones and emails typed by a citizen (merge suggestions)', () => {
  it('finds French phone numbers in the usual spellings, as E.164', () => {
    expect(contactDetails('Appelez-moi au 06 12 34 56 78 ou au +33 6.12.34.56.79').phones).toEqual(['+33612345678', '+33612345679'])
    expect(contactDetails('mon numéro : 0033612345678').phones).toEqual(['+33612345678'])
  })

  it('finds emails, lower-cased', () => {
    expect(contactDetails('écrivez à Claire.Martin@Example.org.').emails).toEqual(['claire.martin@example.org'])
  })

  it('ignores references, dates and amounts', () => {
    expect(contactDetails('Ma demande DEM-2026-00042 du 12/03/2026, 150 euros').phones).toEqual([])
  })
})

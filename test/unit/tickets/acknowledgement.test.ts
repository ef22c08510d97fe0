import { describe, expect, it } from 'vitest'
import { acknowledgementText, implicitDecisionDate } from '../../../src/tickets/acknowledgement.ts'

const service = { nameFr: 'Urbanisme', nameEn: 'Planning', email: 'urbanisme@mairie.example', phone: '+33 2 00 00 00 17', address: '1 place de la République' }
const received = new Date('2026-11-28T10:00:00Z')
const base = { lang: 'fr' as const, timeZone: 'Europe/Paris', publicUrl: 'https://assistant.example.org', service }

function ack (code: string, kind: string, days: number | null, lang: 'fr' | 'en' = 'fr') {
  return acknowledgementText({
    ...base,
    lang,
    ticket: { reference: 'DEM-2026-00042', kind, createdAt: received, implicitDecisionAt: kind === 'formal_request' ? implicitDecisionDate(received, days) : null },
    category: { code, nameFr: 'Autorisation d’urbanisme', nameEn: 'Planning permission' },
  })
}

describe('acknowledgement of a request', () => {
  it('gives a building permit request the date received, the service and its contacts, and the tacit-permit date from a complete file', () => {
    const text = ack('building_permit', 'formal_request', 60)
    expect(text).toContain('DEM-2026-00042')
    expect(text).toContain('reçue le 28 novembre 2026')
    expect(text).toContain('Urbanisme (1 place de la République, +33 2 00 00 00 17, urbanisme@mairie.example)')
    expect(text).toContain('Sans réponse de notre part au 28 janvier 2027, votre demande sera réputée acceptée')
    expect(text).toContain('dossier complet')
  })

  it('warns that silence on a subsidy means a rejection, with the ways of appeal', () => {
    const text = ack('subsidy', 'formal_request', 60)
    expect(text).toContain('réputée rejetée')
    expect(text).toContain('tribunal administratif')
    expect(text).not.toContain('réputée acceptée')
  })

  it('says when no implicit decision applies, and says nothing of it for a simple report', () => {
    expect(ack('civil_status', 'formal_request', null)).toContain('Aucune décision implicite')
    expect(ack('roads', 'report', null)).not.toMatch(/implicite/)
  })

  it('writes to English speakers in English', () => {
    const text = ack('school_enrollment', 'formal_request', 60, 'en')
    expect(text).toContain('was received on 28 November 2026')
    expect(text).toContain('deemed accepted')
  })

  it('counts "two months" as calendar months, other periods in days', () => {
    expect(implicitDecisionDate(new Date('2026-01-31T10:00:00Z'), 60)?.toISOString()).toBe('2026-03-31T10:00:00.000Z')
    expect(implicitDecisionDate(received, 15)?.toISOString()).toBe('2026-12-13T10:00:00.000Z')
    expect(implicitDecisionDate(received, null)).toBeNull()
  })
})

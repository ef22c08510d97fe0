import { describe, expect, it } from 'vitest'
import { escapeXml, toXml } from '../../../src/tickets/open311/format.ts'
import { readRequestFilters } from '../../../src/tickets/open311/request-filters.ts'
import { readCreateRequest } from '../../../src/tickets/open311/read-create-request.ts'
import { readAttributes } from '../../../src/tickets/open311/service-attributes.ts'
import { statusUpdateText } from '../../../src/tickets/status-update-text.ts'

const fields = (pairs: [string, string][]) => {
  const map = new Map<string, string[]>()
  for (const [k, v] of pairs) map.set(k, [...(map.get(k) ?? []), v])
  return { fields: map, files: [] }
}

describe('Open311 input and output', () => {
  it('escapes hostile citizen text in XML and drops characters XML cannot carry', () => {
    expect(escapeXml('<script>&"\'\u0007')).toBe('&lt;script&gt;&amp;&quot;&apos;')
    expect(toXml('services', [{ service_code: 'a', group: null }])).toBe('<?xml version="1.0" encoding="utf-8"?>\n<services><service><service_code>a</service_code></service></services>')
    expect(toXml('service_requests', [])).toContain('<service_requests></service_requests>')
  })

  it('normalises the reporter\'s phone and email', () => {
    const input = readCreateRequest(fields([['service_code', 'roads'], ['address_string', 'x'], ['phone', '06 12 34 56 78'], ['email', 'A@B.FR']]))
    expect(input).toMatchObject({ phone: '+33612345678', email: 'a@b.fr', mediaUrls: [] })
  })

  it('refuses a parameter sent twice where one is expected', () => {
    expect(() => readCreateRequest(fields([['service_code', 'roads'], ['service_code', 'lighting'], ['address_string', 'x']]))).toThrow(/more than once/)
  })

  it('defaults the request list to the last 90 days and ignores other filters given ids', () => {
    const now = new Date('2026-11-28T12:00:00Z')
    expect(readRequestFilters({}, now)).toEqual({ serviceCodes: undefined, start: new Date('2026-08-30T12:00:00Z'), end: undefined, statuses: undefined })
    expect(readRequestFilters({ service_request_id: 'A, B', status: 'bogus' }, now)).toEqual({ ids: ['A', 'B'] })
    expect(() => readRequestFilters({ start_date: '28/11/2026' }, now)).toThrow(/W3C/)
  })

  it('checks a multi-value attribute against its list', () => {
    expect(readAttributes('dumping', fields([['attribute[volume]', 'small'], ['attribute[kinds][]', 'rubble'], ['attribute[kinds][]', 'gold']]).fields)).toEqual({ problem: expect.stringContaining('attribute[kinds] must be one of') })
    expect(readAttributes('roads', fields([['attribute[anything]', 'x']]).fields)).toEqual({ attributes: {} })
  })

  it('puts the question in a waiting_citizen update and the decision in a resolved one', () => {
    expect(statusUpdateText({ reference: 'DEM-2026-00001', status: 'waiting_citizen', lang: 'fr', question: 'Quelle adresse ?' }))
      .toBe('Votre demande DEM-2026-00001 attend une réponse de votre part. Notre question : Quelle adresse ? Répondez simplement à ce message.')
    expect(statusUpdateText({ reference: 'DEM-2026-00001', status: 'resolved', lang: 'en', decision: 'accepted' }))
      .toBe('Your request DEM-2026-00001 is resolved. Decision: your request is accepted.')
  })
})

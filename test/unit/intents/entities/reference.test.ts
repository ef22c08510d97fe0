import { describe, expect, it } from 'vitest'
import { extractReference, extractReferences } from '../../../../intents/entities/reference.ts'
import { REFERENCE_CASES, referenceExactMatch } from '../../../../intents/eval/reference-cases.ts'

describe('reference entity', () => {
  it.each(REFERENCE_CASES.filter(([, expected]) => expected !== null))('%j → %s', (text, expected) => {
    expect(extractReference(text)).toBe(expected)
  })

  it.each(REFERENCE_CASES.filter(([, expected]) => expected === null).map(([text]) => text))('malformed %j does not match', text => {
    expect(extractReference(text)).toBeNull()
  })

  it('meets the issue\'s exact-match goal (>= 0.95) on the whole table', () => {
    expect(referenceExactMatch().rate).toBeGreaterThanOrEqual(0.95)
  })

  it('follows a configured prefix and no longer reads the default one', () => {
    expect(extractReference('suivi VDB-2026-42', 'VDB')).toBe('VDB-2026-00042')
    expect(extractReference('vdb202600042', 'VDB')).toBe('VDB-2026-00042')
    expect(extractReference('DEM-2026-00042', 'VDB')).toBeNull()
    expect(extractReference('demande 2026-42', 'VDB')).toBe('VDB-2026-00042')
  })

  it('lists several references once each', () => {
    expect(extractReferences('DEM-2026-42 et dem 2026 00042, puis DEM-2026-7')).toEqual(['DEM-2026-00042', 'DEM-2026-00007'])
  })
})

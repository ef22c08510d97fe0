// Reference forms citizens type, with the canonical reference expected (null: must not match).
// Shared by nlu:eval (exact-match rate) and test/unit/intents/entities/reference.test.ts.
import { extractReference } from '../entities/reference.ts'

export const REFERENCE_CASES: [string, string | null][] = [
  ['DEM-2026-00042', 'DEM-2026-00042'],
  ['dem-2026-42', 'DEM-2026-00042'],
  ['demande 2026-00042', 'DEM-2026-00042'],
  ['DEM202600042', 'DEM-2026-00042'],
  ['DEM 2026 42', 'DEM-2026-00042'],
  ['Dem-2026-042', 'DEM-2026-00042'],
  ['DEM2026-42', 'DEM-2026-00042'],
  ['DEM-2026 00042', 'DEM-2026-00042'],
  ['DEM_2026_00042', 'DEM-2026-00042'],
  ['DEM/2026/42', 'DEM-2026-00042'],
  ['dem.2026.42', 'DEM-2026-00042'],
  ['DEM-2026-7', 'DEM-2026-00007'],
  ['DEM-2025-12345', 'DEM-2025-12345'],
  ['DEM - 2026 - 00042', 'DEM-2026-00042'],
  ['ma demande DEM-2026-00318 svp', 'DEM-2026-00318'],
  ['où en est dem 2026 123 ?', 'DEM-2026-00123'],
  ['suivi DEM-2026-00107.', 'DEM-2026-00107'],
  ['(DEM-2026-00042)', 'DEM-2026-00042'],
  ['référence : DEM-2026-00042', 'DEM-2026-00042'],
  ['réf. 2026-00042', 'DEM-2026-00042'],
  ['ref 2026/42', 'DEM-2026-00042'],
  ['demande n° 2026-00042', 'DEM-2026-00042'],
  ['demande no 2026-42', 'DEM-2026-00042'],
  ['demande n°2026-00042', 'DEM-2026-00042'],
  ['Demande 2026 00042', 'DEM-2026-00042'],
  ['dossier 2026-00042', 'DEM-2026-00042'],
  ['dossier DEM-2026-7', 'DEM-2026-00007'],
  ['ticket DEM-2026-00042', 'DEM-2026-00042'],
  ['ticket #2026-42', 'DEM-2026-00042'],
  ['request 2026-00042', 'DEM-2026-00042'],
  ['reference DEM 2026 00042', 'DEM-2026-00042'],
  ['status of dem-2026-99?', 'DEM-2026-00099'],
  ['DEM-2026-00042 et DEM-2026-00043', 'DEM-2026-00042'],
  ['dem2026 42', 'DEM-2026-00042'],
  ['DEM 2026-42 merci', 'DEM-2026-00042'],
  ['bonjour,DEM-2026-00042,merci', 'DEM-2026-00042'],
  ['DEM-2026-00042!', 'DEM-2026-00042'],
  ['la demande dem-2026-00042 est ok ?', 'DEM-2026-00042'],
  ['DEM-2026-123456', null],
  ['DEM-2026', null],
  ['DEM-20-42', null],
  ['DEM-26-42', null],
  ['DEM-1999-00042', null],
  ['DEM-2026-00000', null],
  ['ADEM-2026-00042', null],
  ['DEMO-2026-00042', null],
  ['2026-00042', null],
  ['00042', null],
  ['DEM', null],
  ['DEM-', null],
  ['DEM--42', null],
  ['demande du 12 mars 2026', null],
  ['demande 2026 pour 3 enfants', null],
  ['j ai fait 2026 demandes', null],
  ['tel 06 12 34 56 78', null],
  ['né le 12/03/2026', null],
  ['XYZ-2026-00042', null],
  ['DEM-2026-ABCDE', null],
  ['DEM 2O26 42', null],
  ['rue 2026 42', null]
]

/** Share of REFERENCE_CASES where extractReference gives exactly the expected value. */
export const referenceExactMatch = (): { rate: number, passed: number, total: number, failures: string[] } => {
  const failures = REFERENCE_CASES
    .filter(([text, expected]) => extractReference(text) !== expected)
    .map(([text, expected]) => `${JSON.stringify(text)}: expected ${expected}, got ${extractReference(text)}`)
  const total = REFERENCE_CASES.length
  return { rate: (total - failures.length) / total, passed: total - failures.length, total, failures }
}

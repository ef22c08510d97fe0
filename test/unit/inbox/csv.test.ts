import { describe, expect, it } from 'vitest'
import { csvCell, toCsv } from '../../../src/inbox/search/csv.ts'

describe('CSV export cells', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('il a dit "non"')).toBe('"il a dit ""non"""')
    expect(csvCell('ligne 1\nligne 2')).toBe('"ligne 1\nligne 2"')
    expect(csvCell('simple')).toBe('simple')
    expect(csvCell(null)).toBe('')
  })

  it('turns cells starting with = + - @ into text so spreadsheets never run them', () => {
    for (const evil of ['=1+1', '+33612345678', '-2+3', '@SUM(A1)', '\t=cmd']) {
      expect(csvCell(evil).replace(/^"/, '').startsWith("'")).toBe(true)
    }
  })

  it('writes a UTF-8 BOM, a header and CRLF lines', () => {
    expect(toCsv(['a', 'b'], [[1, 'é']])).toBe('\uFEFFa,b\r\n1,é\r\n')
  })
})

// CSV for spreadsheets: RFC 4180 quoting, and a guard against formula injection (a citizen who
// writes "=HYPERLINK(…)" must not get a live formula in a manager's spreadsheet).
const FORMULA_START = /^[=+\-@\t\r]/

export function csvCell (value: unknown): string {
  let text = value == null ? '' : value instanceof Date ? value.toISOString() : String(value)
  if (FORMULA_START.test(text)) text = `'${text}`
  return /[",\r\n;']/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text
}

/** Rows as CSV lines, each ended by CRLF (RFC 4180). */
export const csvLines = (rows: unknown[][]): string => rows.map(row => row.map(csvCell).join(',') + '\r\n').join('')

/** The BOM makes spreadsheet software read UTF-8 (accents) correctly. */
export const csvStart = (header: string[]): string => '\uFEFF' + csvLines([header])

export function toCsv (header: string[], rows: unknown[][]): string {
  return csvStart(header) + csvLines(rows)
}

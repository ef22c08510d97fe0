// Ids for rows the hot path inserts with plain SQL (Prisma would have made a cuid): UUID version 7,
// which starts with the time in milliseconds. Rows written together land next to each other in
// the primary-key index instead of at random places in it: a random id dirties one more page per
// row, and every dirty page is written out again at each commit.
import { randomBytes } from 'node:crypto'

export function orderedId (now = Date.now()): string {
  const time = now.toString(16).padStart(12, '0')
  const random = randomBytes(10).toString('hex')
  const variant = (8 + (parseInt(random[3], 16) & 3)).toString(16)
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(0, 3)}-${variant}${random.slice(4, 7)}-${random.slice(7, 19)}`
}

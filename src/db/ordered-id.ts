// Ids for rows the hot path inserts with plain SQL (Prisma would have made a cuid): UUID version 7,
// which starts with the time in milliseconds. Rows written together land next to each other in
// the primary-key index instead of at random places in it: a random id dirties one more page per
// row, and every dirty page is written out again at each commit.
import { randomUUID } from 'node:crypto'

export function orderedId (now = Date.now()): string {
  const time = now.toString(16).padStart(12, '0')
  // The random part of a v4 UUID (node draws those from a pool: cheaper than randomBytes per id),
  // its variant nibble included: xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx.
  const random = randomUUID()
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15, 18)}-${random.slice(19, 23)}-${random.slice(24)}`
}

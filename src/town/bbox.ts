// The commune's extent (minLon,minLat,maxLon,maxLat in WGS 84 degrees): the town file's
// `settings.bbox`, which TOWN_BBOX overrides (or turns off). Open311 refuses points outside it.
import type { Db } from '../db/client.ts'

export type BoundingBox = Readonly<{ minLon: number, minLat: number, maxLon: number, maxLat: number }>

export const BBOX_TEXT = 'minLon,minLat,maxLon,maxLat in degrees'

/** "0.60,47.33,0.78,47.46" → a box; undefined when it is not one. */
export function parseBbox (raw: string): BoundingBox | undefined {
  const n = raw.split(',').map(s => Number(s.trim()))
  const [minLon, minLat, maxLon, maxLat] = n
  if (n.length !== 4 || n.some(v => !Number.isFinite(v)) || minLon >= maxLon || minLat >= maxLat || Math.abs(minLat) > 90 || Math.abs(maxLat) > 90 || Math.abs(minLon) > 180 || Math.abs(maxLon) > 180) return undefined
  return Object.freeze({ minLon, minLat, maxLon, maxLat })
}

/** The town file's box (TownSetting bbox), undefined when the town has none. Read per Open311 POST, not per message. */
export async function townFileBbox (db: Db): Promise<BoundingBox | undefined> {
  const row = await db.townSetting.findUnique({ where: { key: 'bbox' } })
  if (!row) return undefined
  try {
    const value = JSON.parse(row.value) as unknown
    return typeof value === 'string' ? parseBbox(value) : undefined
  } catch {
    return undefined
  }
}

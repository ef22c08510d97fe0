// « Y a-t-il une alerte en ce moment ? » (issue 20): the alert broadcasts in force at a moment,
// newest first. Each broadcast has an end (endsAt, 24 hours after it went out when not given).
import { alertsInForceBetween } from '../db/broadcasts.ts'
import type { DbOrTx } from '../db/transaction.ts'
import type { CurrentAlert } from '../answerer.ts'

export const DEFAULT_ALERT_HOURS = 24

/** Alerts in force at some moment of [from, to): the caller keeps those of its own instant (alertsInForce). */
export async function currentAlertsAt (on: DbOrTx, from: Date, to: Date): Promise<CurrentAlert[]> {
  const rows = await alertsInForceBetween(on, from, to)
  return rows.map(r => ({ topic: r.topic, text: { fr: r.textFr, en: r.textEn }, startsAt: r.sendAt, endsAt: r.endsAt }))
}

export const alertsInForce = (alerts: CurrentAlert[], now: Date) => alerts.filter(a => a.startsAt <= now && (a.endsAt === null || a.endsAt > now))

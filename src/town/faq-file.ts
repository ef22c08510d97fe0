// The FAQ entries of a town file's `faq:` list (YAML), checked field by field. Until the town data
// lives in the database (issue 15, item 1) the demo town's entries are read from town/demo/faq.yaml.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import type { FaqEntry } from '../core/assistant.ts'

export const DEMO_FAQ_FILE = fileURLToPath(new URL('../../town/demo/faq.yaml', import.meta.url))

const fail = (path: string, message: string): never => { throw new Error(`faq${path}: ${message}`) }
const text = (value: unknown, path: string): string =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : fail(path, 'expected a non-empty text')
const texts = (value: unknown, path: string): string[] =>
  Array.isArray(value) ? value.map((v, i) => text(v, `${path}[${i}]`)) : fail(path, 'expected a list of texts')

/** One entry of the `faq:` list; `active: false` entries are kept (the caller filters). */
export const readFaqEntry = (raw: unknown, path: string): FaqEntry & { active: boolean } => {
  if (raw === null || typeof raw !== 'object') return fail(path, 'expected an entry')
  const e = raw as Record<string, unknown>
  const q = (e.questions ?? {}) as Record<string, unknown>
  const a = (e.answer ?? {}) as Record<string, unknown>
  const r = e.redirect as Record<string, unknown> | null | undefined
  const entry = {
    id: text(e.id, `${path}.id`),
    questions: { fr: texts(q.fr ?? [], `${path}.questions.fr`), en: texts(q.en ?? [], `${path}.questions.en`) },
    answer: { fr: text(a.fr, `${path}.answer.fr`), en: text(a.en, `${path}.answer.en`) },
    link: e.link == null ? null : text(e.link, `${path}.link`),
    tags: e.tags == null ? [] : texts(e.tags, `${path}.tags`),
    redirect: r == null ? null : { name: text(r.name, `${path}.redirect.name`), contact: text(r.contact, `${path}.redirect.contact`) },
    active: e.active !== false
  }
  if (entry.questions.fr.length + entry.questions.en.length === 0) fail(`${path}.questions`, 'at least one question')
  return entry
}

/** The active entries of a YAML document with a `faq:` list. */
export const parseFaqYaml = (source: string): FaqEntry[] => {
  const doc = parse(source) as { faq?: unknown } | null
  const list = doc?.faq
  if (!Array.isArray(list)) return fail('', 'expected a `faq:` list')
  const entries = list.map((raw, i) => readFaqEntry(raw, `[${i}]`))
  const seen = new Set<string>()
  for (const e of entries) {
    if (seen.has(e.id)) fail(`.${e.id}`, 'duplicate id')
    seen.add(e.id)
  }
  return entries.filter(e => e.active).map(({ active: _active, ...entry }) => entry)
}

export const loadFaqFile = (file = DEMO_FAQ_FILE): FaqEntry[] => parseFaqYaml(readFileSync(file, 'utf8'))

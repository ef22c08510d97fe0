// The demo town's FAQ entries, read from its town file (town/demo-town.yaml and its faqInclude
// town/demo/faq.yaml) without a database: what npm run faq:eval measures.
import type { FaqEntry } from '../answerer.ts'
import { DEMO_TOWN_FILE, readTownFile } from './demo-town.ts'

export const loadFaqFile = (file = DEMO_TOWN_FILE): FaqEntry[] =>
  readTownFile(file).faq.filter(f => f.active).map(({ active: _active, ...entry }) => entry)

// Salutations and sign-offs do not decide the intent (issue 16): every request is also learnt
// wrapped in the politeness citizens put around it (« Bonjour, … Merci », "Hi, … Thanks"), so that
// "bonjour" or "merci" weigh nothing next to what the message asks. Applied inside training only
// (cross-validation folds augment their own training part), deterministic (seeded).
import type { Lang } from '../src/domain.ts'
import type { IntentId } from './catalog.ts'
import { seededRandom } from './softmax.ts'
import type { Example } from './training-data.ts'

const OPENINGS: Record<Lang, string[]> = {
  fr: ['Bonjour, ', 'Bonjour ', 'Bonjour madame, ', 'Bonsoir, ', 'Salut, ', 'bjr ', 'slt ', 'Madame, Monsieur, ', 'Bonjour à vous, ', 'Coucou, ', 'Hello, '],
  en: ['Hello, ', 'Hi, ', 'Hi there, ', 'Good morning, ', 'Dear Sir or Madam, ', 'Hey, ', 'Good afternoon, ']
}
const CLOSINGS: Record<Lang, string[]> = {
  fr: [' Merci', ' merci', ' Merci d\'avance', ' Cordialement', ' Bonne journée', ' merci beaucoup', ' svp merci', ' Bien cordialement', ' Merci et bonne soirée'],
  en: [' Thanks', ' Thank you', ' Regards', ' Kind regards', ' Cheers', ' thanks a lot', ' Many thanks']
}
const UNCHANGED = new Set<IntentId>(['greeting', 'thanks_goodbye'])

export const AUGMENT_SEED = 16

/** The examples plus one politely wrapped copy of each request (opening, closing or both). */
export const withPoliteness = (examples: Example[], seed = AUGMENT_SEED): Example[] => {
  const random = seededRandom(seed)
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]
  const wrapped: Example[] = []
  for (const example of examples) {
    if (UNCHANGED.has(example.intent)) continue
    const shape = random()
    const opening = shape < 0.67 ? pick(OPENINGS[example.lang]) : ''
    const closing = shape >= 0.33 ? pick(CLOSINGS[example.lang]) : ''
    wrapped.push({ ...example, text: `${opening}${example.text}${closing}` })
  }
  return [...examples, ...wrapped]
}

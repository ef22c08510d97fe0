// The FAQ step of a turn (issue 15, items 5 and 7): the town's own entries first, then the national
// fiches, each only where intents/faq/decide.ts lets them answer; null leaves the turn to the intents.
import type { Example } from '../training-data.ts'
import type { DialogContext, DialogResult } from '../dialogs/types.ts'
import { ficheDoc, ficheReply, loadFiches, type Fiche } from '../fiches/fiches.ts'
import { FAQ_THRESHOLDS, faqMayAnswer, townEntryMightAnswer, type FaqSituation } from './decide.ts'
import { wishesToAct } from './lexicon.ts'
import { buildMatcher, type Matcher } from './matcher.ts'
import { faqReply, intentExamplesMatcher, pickTownEntry, townFaqIndex } from './town-faq.ts'

/** A fiche needs a closer match than a town entry: the extract is broad and only answers what nothing else does. */
export const FICHE_THRESHOLD = 0.6
/** A national fiche is broad: it does not take a message the classifier is this sure is a town request
 * (« signaler un tag » is a report, not the fiche on errors in a driving licence). Town FAQ entries always may. */
export const FICHE_YIELDS_TO = 0.8
export const ficheYields = ({ intent, confidence }: { intent: string, confidence: number }): boolean =>
  intent !== 'out_of_scope' && confidence >= FICHE_YIELDS_TO

const FICHE_RULE = { ...FAQ_THRESHOLDS, weak: FICHE_THRESHOLD, strong: FICHE_THRESHOLD, margin: 0, strongGap: 0 }

export type FaqTurn = { result: DialogResult, intent: 'faq' | 'fiche', confidence: number, id: string }

export const createFaqLookup = (examples: Example[]) => {
  const townIndex = townFaqIndex()
  const intents = intentExamplesMatcher(examples)
  let fiches: { matcher: Matcher, byId: Map<string, Fiche> } | null = null
  const ficheIndex = () => {
    if (fiches === null) {
      const all = loadFiches()
      fiches = { matcher: buildMatcher(all.map(ficheDoc), { phrasingWeight: 1 }), byId: new Map(all.map(f => [f.id, f])) }
    }
    return fiches
  }

  const situation = (ctx: DialogContext): FaqSituation => {
    let intentScore: number | undefined
    return {
      classification: ctx.classification,
      intentScore: () => (intentScore ??= intents.scoreOf(ctx.classification.intent, ctx.turn.text, ctx.normalized)),
      hasLocation: ctx.turn.location !== undefined,
      hasAttachments: ctx.turn.attachments.length > 0,
      wishesToAct: wishesToAct(ctx.normalized)
    }
  }

  // The national fiches, by the same rule with a higher bar.
  const pickFiche = (ctx: DialogContext, s: FaqSituation): { found: Fiche, score: number } | null => {
    const { matcher: fm, byId: fiche } = ficheIndex()
    const [top] = fm.rank(ctx.turn.text, 1, ctx.normalized)
    const ok = top !== undefined && faqMayAnswer({ score: top.score, coverage: fm.coverage(top.id, ctx.turn.text, ctx.normalized) }, s, FICHE_RULE)
    const found = ok ? fiche.get(top.id) : undefined
    return found === undefined ? null : { found, score: top.score }
  }

  return async (ctx: DialogContext): Promise<FaqTurn | null> => {
    if (ctx.normalized === '') return null
    const s = situation(ctx)
    // Nothing to rank when no entry could answer in this situation (a reference, a request for a person…).
    if (!townEntryMightAnswer(s)) return null
    const { matcher, byId } = townIndex(await ctx.data.faqEntries())
    const town = pickTownEntry(matcher, byId, ctx.turn.text, ctx.normalized, s)
    // A town entry answers first; a weak one (below the fiches' own bar) only if no fiche is closer.
    // Ranking the fiches is the costliest step. Without a town entry, a fiche found for a message the
    // classifier is sure of would be dropped by the assistant anyway (ficheYields), so it is not looked
    // for; beside a weak town entry it is, since a closer fiche decides against that entry, but only for
    // a French message: the fiches are French, an English message's score against them is mostly shared
    // letters ("how much is it to go swimming?" is the pool's prices, not a fiche).
    const needFiche = town === null ? !ficheYields(ctx.classification) : town.score < FICHE_THRESHOLD && ctx.lang === 'fr'
    const fiche = needFiche ? pickFiche(ctx, s) : null
    if (town !== null && (fiche === null || fiche.score <= town.score)) return { result: { replies: [faqReply(town.entry, ctx.lang)], actions: [], state: null }, intent: 'faq', confidence: town.score, id: town.entry.id }
    if (fiche === null) return null
    const { found, score: ficheScore } = fiche
    return { result: { replies: [ficheReply(found, ctx.lang)], actions: [], state: null }, intent: 'fiche', confidence: ficheScore, id: found.id }
  }
}

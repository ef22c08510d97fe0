// The FAQ matcher, the rule that lets an entry answer instead of an intent, the replies, and the
// grouping of unanswered questions: pure functions, no database.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { FaqEntry } from '../../../../src/answerer.ts'
import { buildMatcher } from '../../../../intents/faq/matcher.ts'
import { FAQ_MODEL, faqMayAnswer, faqMightAnswer, FAQ_THRESHOLDS, townEntryAnswers, type FaqSituation } from '../../../../intents/faq/decide.ts'
import { wishesToAct } from '../../../../intents/faq/lexicon.ts'
import { normalizeText } from '../../../../intents/normalize.ts'
import { entryDoc, faqReply, intentExamplesMatcher, townFaqIndex } from '../../../../intents/faq/town-faq.ts'
import { loadTrainingExamples } from '../../../../intents/training-data.ts'
import { groupQuestions } from '../../../../intents/faq/grouping.ts'
import { ficheReply, loadFiches } from '../../../../intents/fiches/fiches.ts'

const entry = (id: string, fr: string[], en: string[], answer = `Réponse ${id}`, redirect: FaqEntry['redirect'] = null): FaqEntry =>
  ({ id, questions: { fr, en }, answer: { fr: answer, en: `Answer ${id}` }, link: `https://mairie.example/${id}`, tags: [], redirect })

const ENTRIES: FaqEntry[] = [
  entry('cantine-tarifs', ['Combien coûte la cantine ?', 'Tarifs de la restauration scolaire'], ['How much does the school canteen cost?']),
  entry('salle-des-fetes', ['Comment louer la salle des fêtes ?', 'Réserver une salle pour un anniversaire'], ['How can I rent the village hall?']),
  entry('bruit', ['À quelles heures peut-on tondre la pelouse ?', 'Mon voisin fait du bruit'], ['When am I allowed to mow the lawn?']),
  entry('caf', ['La CAF ne m\'a pas payé', 'Allocations familiales, APL'], ['CAF has not paid my benefits'], 'Les allocations sont versées par la CAF.', { name: 'la CAF', contact: 'caf.fr ou le 32 30' })
]

describe('the FAQ matcher', () => {
  const matcher = buildMatcher(ENTRIES.map(entryDoc))

  it('finds the entry of a paraphrase with other words, a typo and no accents', () => {
    expect(matcher.best('c est quoi le prix de la cantine')?.id).toBe('cantine-tarifs')
    expect(matcher.best('louer la sale des fetes pour un mariage')?.id).toBe('salle-des-fetes')
    expect(matcher.best('what is the price of school lunch')?.id).toBe('cantine-tarifs')
  })

  it('returns nothing for a question no entry answers', () => {
    expect(matcher.best('qui a gagné le match hier soir ?')).toBeNull()
    expect(matcher.best('bonjour')).toBeNull()
    expect(matcher.best('')).toBeNull()
  })

  it('says which share of a message\'s words an entry has', () => {
    expect(matcher.coverage('cantine-tarifs', 'tarif cantine')).toBe(1)
    expect(matcher.coverage('cantine-tarifs', 'cantine plombier garagiste')).toBeCloseTo(1 / 3)
    expect(matcher.coverage('unknown', 'tarif cantine')).toBe(0)
  })

  it('ranks with a confidence between 0 and 1, best first', () => {
    const ranked = matcher.rank('tarif cantine', 3)
    expect(ranked[0].id).toBe('cantine-tarifs')
    expect(ranked[0].score).toBeGreaterThan(0.5)
    expect(ranked[0].score).toBeLessThanOrEqual(1)
    for (let i = 1; i < ranked.length; i++) expect(ranked[i].score).toBeLessThanOrEqual(ranked[i - 1].score)
  })

  it('reads a French « mail » as an email and an English "mail" as the post', () => {
    const docs = buildMatcher([
      { id: 'alerts', phrasings: { fr: ['alertes par email'], en: [] } },
      { id: 'post', phrasings: { fr: [], en: ['my mail is not delivered'] } }
    ])
    expect(docs.rank('je veux les alertes par mail', 1)[0].id).toBe('alerts')
    expect(docs.scoreOf('alerts', 'les alertes par courriel')).toBeGreaterThan(0.9)
    expect(docs.rank('my mail has not been delivered', 1)[0].id).toBe('post')
    expect(docs.scoreOf('post', 'my email has not been delivered')).toBeLessThan(docs.scoreOf('post', 'my mail has not been delivered'))
  })

  it('rebuilds its index when the entries change, not when the same content comes back', () => {
    const index = townFaqIndex()
    const first = index(ENTRIES)
    expect(index([...ENTRIES]).matcher).toBe(first.matcher)
    const added = [...ENTRIES, entry('camping-car', ['Où garer un camping-car ?'], ['Where can I park a motorhome?'])]
    const second = index(added)
    expect(second.matcher).not.toBe(first.matcher)
    expect(second.matcher.best('où stationner mon camping-car ce soir')?.id).toBe('camping-car')
  })
})

describe('when an FAQ entry answers instead of an intent', () => {
  const situation = (intent: string, confidence: number, extra: Partial<FaqSituation> = {}): FaqSituation =>
    ({ classification: { intent: intent as never, confidence, entities: {} }, intentScore: () => 0.5, hasLocation: false, hasAttachments: false, ...extra })

  it('answers over "not understood", out_of_scope and unsure intents from the weak threshold', () => {
    expect(faqMayAnswer({ score: FAQ_THRESHOLDS.weak }, situation('out_of_scope', 0.99))).toBe(true)
    expect(faqMayAnswer({ score: FAQ_THRESHOLDS.weak }, situation('events_agenda', 0.2))).toBe(true)
    expect(faqMayAnswer({ score: FAQ_THRESHOLDS.weak - 0.01 }, situation('out_of_scope', 0.99))).toBe(false)
  })

  it('over a confident intent only when the message is about as close to the entry as to the intent\'s examples', () => {
    expect(faqMayAnswer({ score: 0.9 }, situation('canteen_menu', 0.99, { intentScore: () => 0.95 }))).toBe(true)
    expect(faqMayAnswer({ score: 0.6 }, situation('canteen_menu', 0.99, { intentScore: () => 1 }))).toBe(false)
  })

  it('over a confident intent only when the entry stands out from the second best entry', () => {
    const sure = situation('events_agenda', 0.99, { intentScore: () => 0.6 })
    expect(faqMayAnswer({ score: 0.7, second: 0.7 - FAQ_THRESHOLDS.strongGap - 0.01 }, sure)).toBe(true)
    expect(faqMayAnswer({ score: 0.7, second: 0.7 - FAQ_THRESHOLDS.strongGap + 0.01 }, sure)).toBe(false)
    // An unsure classifier: no such test, the weak threshold is enough.
    expect(faqMayAnswer({ score: 0.7, second: 0.69 }, situation('events_agenda', 0.3))).toBe(true)
  })

  it('never over a report with a place or a photo, a ticket reference, or a request for a person', () => {
    expect(faqMayAnswer({ score: 1 }, situation('report_issue', 0.9, { hasLocation: true, intentScore: () => 0 }))).toBe(false)
    expect(faqMayAnswer({ score: 1 }, situation('report_issue', 0.9, { hasAttachments: true, intentScore: () => 0 }))).toBe(false)
    expect(faqMayAnswer({ score: 1 }, { ...situation('report_issue', 0.9, { intentScore: () => 0 }), classification: { intent: 'report_issue', confidence: 0.9, entities: { location: 'rue Pasteur' } } })).toBe(false)
    expect(faqMayAnswer({ score: 1 }, { ...situation('request_status', 0.9, { intentScore: () => 0 }), classification: { intent: 'request_status', confidence: 0.9, entities: { reference: 'DEM-2026-00042' } } })).toBe(false)
    expect(faqMayAnswer({ score: 1 }, situation('talk_to_agent', 0.9, { intentScore: () => 0 }))).toBe(false)
  })

  it('leaves a request intent what is plainly its own: a wish to act closer to its examples than to the entry', () => {
    // « je voudrais un rendez-vous avec le maire »: the booking, not the entry that says how to book.
    const booking = (wishesToAct: boolean) => situation('book_appointment', 1, { intentScore: () => 1, wishesToAct })
    expect(faqMayAnswer({ score: 0.93 }, booking(true))).toBe(false)
    expect(faqMayAnswer({ score: 0.93 }, booking(false))).toBe(true) // « comment rencontrer le maire ? »: the entry
    expect(faqMayAnswer({ score: 1 }, booking(true))).toBe(true)
    expect(wishesToAct(normalizeText('Je voudrais un rendez-vous avec le maire'))).toBe(true)
    expect(wishesToAct(normalizeText('I\'d like to book the village hall'))).toBe(true)
    expect(wishesToAct(normalizeText('je voudrais savoir combien coûte la cantine'))).toBe(false)
  })

  it('leaves a waste question that names its street to the intent that answers for that street', () => {
    const waste = { ...situation('waste_collection', 1, { intentScore: () => 0.6 }), classification: { intent: 'waste_collection' as never, confidence: 1, entities: { location: 'rue Victor-Hugo' } } }
    expect(faqMayAnswer({ score: 0.9 }, waste)).toBe(false)
    expect(faqMightAnswer(waste)).toBe(false)
    expect(faqMayAnswer({ score: 0.9 }, situation('waste_collection', 1, { intentScore: () => 0.6 }))).toBe(true)
  })

  it('answers a message the classifier is sure is not the town\'s business only with an entry that has half its words', () => {
    // « conseiller un bon plombier » shares « conseil » with the conseil municipal entry, and nothing else.
    expect(faqMayAnswer({ score: 0.47, coverage: 1 / 3 }, situation('out_of_scope', 0.99))).toBe(false)
    expect(faqMayAnswer({ score: 0.47, coverage: 2 / 3 }, situation('out_of_scope', 0.99))).toBe(true)
    // Unsure, the classifier says nothing against the entry.
    expect(faqMayAnswer({ score: 0.47, coverage: 1 / 3 }, situation('out_of_scope', 0.6))).toBe(true)
  })
})

describe('FAQ replies', () => {
  it('answers in the citizen\'s language with the link', () => {
    expect(faqReply(ENTRIES[0], 'fr')).toBe('Réponse cantine-tarifs https://mairie.example/cantine-tarifs')
    expect(faqReply(ENTRIES[0], 'en')).toBe('Answer cantine-tarifs https://mairie.example/cantine-tarifs')
  })

  it('says who handles a redirection and how to reach them', () => {
    expect(faqReply(ENTRIES[3], 'fr')).toBe('Ce n\'est pas la mairie qui s\'en occupe : la CAF, caf.fr ou le 32 30. Les allocations sont versées par la CAF. https://mairie.example/caf')
    expect(faqReply(ENTRIES[3], 'en')).toMatch(/^This is not handled by the town hall: la CAF, caf\.fr ou le 32 30\./)
  })

  it('names the source, licence and date of a national fiche', () => {
    const fiches = loadFiches()
    expect(fiches.length).toBeGreaterThan(100)
    const fiche = fiches.find(f => /passeport/i.test(f.title))!
    expect(fiche.url).toMatch(/^https:\/\/www\.service-public\.fr\/particuliers\/vosdroits\/F\d+$/)
    const text = ficheReply(fiche, 'fr')
    expect(text).toContain(fiche.url)
    expect(text).toMatch(/Source : Service-Public\.fr \/ DILA, licence ouverte 2\.0, fiche du \d{2}\/\d{2}\/\d{4}\./)
  })
})

describe('grouping unanswered questions', () => {
  const at = new Date('2026-03-10T10:00:00Z')
  it('puts similar questions together, counts them, and keeps unrelated ones apart', () => {
    const questions = [
      'où garer un camping-car ?', 'où garer mon camping car ce soir', 'Où garer un camping-car ?', 'aire de camping-car pour garer',
      'la fibre arrive quand dans le quartier ?', 'quand arrive la fibre', 'qui a gagné le match'
    ].map((text, i) => ({ id: i + 1, text, lang: 'fr' as const, at: new Date(at.getTime() + i * 1000) }))
    const groups = groupQuestions(questions)
    expect(groups[0]).toMatchObject({ id: 'g1', count: 4 })
    expect(groups[0].examples).toContain('où garer un camping-car ?')
    expect(groups[1]).toMatchObject({ id: 'g5', count: 2 })
    expect(groups[2]).toMatchObject({ id: 'g7', count: 1 })
  })
})

describe('when a town entry answers instead of an intent (the fitted model)', () => {
  const situation = (intent: string, confidence: number, intentScore: number, extra: Partial<FaqSituation> = {}): FaqSituation =>
    ({ classification: { intent: intent as never, confidence, entities: {} }, intentScore: () => intentScore, hasLocation: false, hasAttachments: false, ...extra })
  const close = { score: 0.8, second: 0.3, phrasing: 0.8, coverage: 1 }

  it('answers a close entry when the classifier does not understand, never below the floor', () => {
    expect(townEntryAnswers(close, situation('out_of_scope', 0.99, 0.3))).toBe(true)
    expect(townEntryAnswers({ ...close, score: FAQ_MODEL.floor - 0.01 }, situation('out_of_scope', 0.99, 0))).toBe(false)
  })

  it('over a confident intent, answers when the entry is closer than the intent\'s own examples, not when they are closer', () => {
    expect(townEntryAnswers(close, situation('waste_collection', 0.99, 0.5))).toBe(true)
    expect(townEntryAnswers({ ...close, score: 0.5, phrasing: 0.5 }, situation('waste_collection', 0.99, 0.9))).toBe(false)
  })

  it('leaves a wish to book to the booking unless the entry is clearly closer', () => {
    const booking = (wishesToAct: boolean) => situation('book_appointment', 1, 0.9, { wishesToAct })
    expect(townEntryAnswers({ ...close, score: 0.9, phrasing: 0.9 }, booking(true))).toBe(false)
    expect(townEntryAnswers({ ...close, score: 0.9, phrasing: 0.9 }, booking(false))).toBe(true)
  })

  it('never answers over a report with a place or a ticket reference', () => {
    expect(townEntryAnswers({ ...close, score: 1 }, situation('report_issue', 0.9, 0, { hasLocation: true }))).toBe(false)
    expect(townEntryAnswers({ ...close, score: 1 }, situation('request_status', 0.9, 0, { classification: { intent: 'request_status', confidence: 0.9, entities: { reference: 'MAI-2026-00012' } } }))).toBe(false)
  })

  it('over a report or a waste question with a place in its words only, answers an entry much closer than the intent\'s examples', () => {
    const placed = (intent: string, confidence: number, intentScore: number, extra: Partial<FaqSituation> = {}) =>
      situation(intent, confidence, intentScore, { classification: { intent: intent as never, confidence, entities: { location: 'près des poubelles' } }, ...extra })
    // « des rats près des poubelles »: the pests entry, far closer than the waste examples.
    expect(townEntryAnswers(close, placed('waste_collection', 0.9, 0.8 - FAQ_MODEL.actionMargin - 0.05))).toBe(true)
    expect(townEntryAnswers(close, placed('report_issue', 0.4, 0.8 - FAQ_MODEL.actionMargin - 0.05))).toBe(true)
    // A report as close to the report's examples as to the entry stays a report, sure or not.
    expect(townEntryAnswers(close, placed('report_issue', 0.9, 0.8 - FAQ_MODEL.actionMargin + 0.05))).toBe(false)
    expect(townEntryAnswers(close, placed('report_issue', 0.4, 0.8 - FAQ_MODEL.actionMargin + 0.05))).toBe(false)
    // A report the classifier is sure of, a shared position or a photo keeps the report whatever the entry.
    expect(townEntryAnswers(close, placed('report_issue', 0.99, 0))).toBe(false)
    expect(townEntryAnswers(close, placed('report_issue', 0.9, 0, { hasLocation: true }))).toBe(false)
    expect(townEntryAnswers(close, placed('report_issue', 0.9, 0, { hasAttachments: true }))).toBe(false)
  })

  it('over a request for a person or alerts, answers only an entry much closer than the intent\'s own examples', () => {
    // « conseiller numérique »: the intent's examples share one word, the entry all of them.
    expect(townEntryAnswers(close, situation('talk_to_agent', 0.99, 0.8 - FAQ_MODEL.actionMargin - 0.05))).toBe(true)
    // « je veux parler à un conseiller »: as close to the intent's examples as to an entry.
    expect(townEntryAnswers(close, situation('talk_to_agent', 0.99, 0.8 - FAQ_MODEL.actionMargin + 0.05))).toBe(false)
    expect(townEntryAnswers(close, situation('alerts_subscription', 0.99, 0.75))).toBe(false)
  })
})

describe('training lines marked as FAQ topics', () => {
  it('are learnt by the classifier but do not count as the intent\'s own against a town entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faq-topics-'))
    mkdirSync(join(dir, 'fr'))
    writeFileSync(join(dir, 'fr', 'waste_collection.txt'), '# a comment\nquel jour passent les poubelles\n[faq] comment me débarrasser d\'un vieux canapé\n')
    const examples = loadTrainingExamples(`${dir}/`)
    expect(examples).toEqual([
      { text: 'quel jour passent les poubelles', intent: 'waste_collection', lang: 'fr' },
      { text: 'comment me débarrasser d\'un vieux canapé', intent: 'waste_collection', lang: 'fr', faqTopic: true }
    ])
    const sofa = 'comment me débarrasser de mon vieux canapé'
    const unmarked = intentExamplesMatcher(examples.map(({ text, intent, lang }) => ({ text, intent, lang })))
    expect(unmarked.scoreOf('waste_collection', sofa)).toBeGreaterThan(0.5)
    expect(intentExamplesMatcher(examples).scoreOf('waste_collection', sofa)).toBeLessThan(0.2)
  })
})

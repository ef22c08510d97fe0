import { describe, expect, it } from 'vitest'
import { INTENT_IDS } from '../../../intents/catalog.ts'
import { getDefaultClassifier, trainClassifier } from '../../../intents/classifier.ts'
import { loadTrainingExamples } from '../../../intents/training-data.ts'

// Messages written for this test, in neither the training data nor the held-out set.
const FAMILIES: Record<string, [string, string][]> = {
  'small talk': [
    ['bonjouuur', 'greeting'], ['hi there!', 'greeting'], ['merci bcp, bonne soirée', 'thanks_goodbye'], ['thanks a lot, bye', 'thanks_goodbye']
  ],
  'town information': [
    ['a quelle heure ferme la mediatheque samedi', 'opening_hours'], ['is the swimming pool open on sundays?', 'opening_hours'],
    ['menu de la cantine vendredi', 'canteen_menu'], ['que font les enfants à manger demain à la cantine', 'canteen_menu'],
    ['des concerts ce week-end ?', 'events_agenda'], ['what events are on next saturday', 'events_agenda'],
    ['les encombrants c quand', 'waste_collection'], ['which day is the recycling bin collected', 'waste_collection']
  ],
  'reports and their follow-up': [
    ['lampadaire HS devant le 4 rue Pasteur', 'report_issue'], ['graffitis sur le pont', 'report_issue'], ['a big pothole outside number 12', 'report_issue'],
    ['mon signalement DEM-2026-00042 ?', 'request_status'], ['any news about the pothole I reported?', 'request_status']
  ],
  'formal requests': [
    ['acte de naissance pour mon fils svp', 'civil_status_certificate'], ['renouveler ma carte d\'identité', 'identity_documents'],
    ['inscrire ma fille en maternelle', 'school_enrollment'], ['permis de construire pour un garage', 'building_permit'],
    ['subvention pour notre association de danse', 'subsidy_request'], ['rdv avec le maire', 'book_appointment'],
    ['idée pour le budget participatif', 'participation'], ['need a passport appointment', 'identity_documents']
  ],
  'people, alerts, elsewhere': [
    ['je veux parler à un conseiller', 'talk_to_agent'], ['recevoir les alertes coupure d\'eau', 'alerts_subscription'],
    ['ma déclaration d\'impôts', 'out_of_scope'], ['quel temps demain', 'out_of_scope']
  ]
}

describe('classifier', () => {
  const classifier = getDefaultClassifier()

  for (const [family, cases] of Object.entries(FAMILIES)) {
    describe(family, () => {
      it.each(cases)('%j → %s', (text, intent) => {
        expect(classifier.classify(text).intent).toBe(intent)
      })
    })
  }

  it('returns the contract shape with a probability and a ranking over the catalog', () => {
    const result = classifier.classify('lampadaire en panne rue jean jaures')
    expect(result).toMatchObject({ intent: 'report_issue', lang: 'fr', entities: { category: 'lighting', location: 'rue jean jaures' } })
    expect(result.confidence).toBeGreaterThan(0.5)
    expect(result.confidence).toBeLessThanOrEqual(1)
    expect(result.ranking.map(r => r.intent).sort()).toEqual([...INTENT_IDS].sort())
    expect(result.ranking.reduce((sum, r) => sum + r.confidence, 0)).toBeCloseTo(1, 5)
  })

  it('applies keyword rules before the classifier', () => {
    expect(classifier.classify(' STOP ')).toMatchObject({ intent: 'opt_out', confidence: 1 })
    expect(classifier.classify('start')).toMatchObject({ intent: 'opt_in', confidence: 1 })
    expect(classifier.classify('HELP', 'en')).toMatchObject({ intent: 'help', lang: 'en' })
  })

  it('is unsure on gibberish rather than confidently wrong', () => {
    const result = classifier.classify('zxqwv')
    expect(result.intent === 'out_of_scope' || result.confidence < 0.5).toBe(true)
  })

  it('handles mixed French and English', () => {
    expect(classifier.classify('hello, je voudrais renew my passport').intent).toBe('identity_documents')
    expect(classifier.classify('bonjour, the street light rue Victor Hugo is broken')).toMatchObject({ intent: 'report_issue', lang: 'en' })
    expect(classifier.classify('where is the mairie?').intent).toBe('opening_hours')
  })

  it('uses the language it is given', () => {
    expect(classifier.classify('menu', 'en').lang).toBe('en')
  })

  // CPU time, not wall time: unit files run in parallel and share the cores.
  const cpuMs = (): number => { const { user, system } = process.cpuUsage(); return (user + system) / 1000 }

  it('trains in under 2 s and classifies in well under 1 ms', () => {
    const examples = loadTrainingExamples()
    const started = cpuMs()
    const fresh = trainClassifier(examples)
    expect(cpuMs() - started).toBeLessThan(2000)
    const timings: number[] = []
    for (const example of examples.slice(0, 500)) {
      const t = cpuMs()
      fresh.classify(example.text)
      timings.push(cpuMs() - t)
    }
    timings.sort((a, b) => a - b)
    expect(timings[Math.floor(timings.length / 2)]).toBeLessThan(1)
  })
})

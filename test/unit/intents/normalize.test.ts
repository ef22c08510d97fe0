import { describe, expect, it } from 'vitest'
import { detectLang, detectLangOrNull } from '../../../intents/language.ts'
import { normalizeText } from '../../../intents/normalize.ts'

describe('normalizeText', () => {
  it.each([
    ['Bonjouuuur !!!', 'bonjour'],
    ['Éclairage PUBLIC en panne', 'eclairage public en panne'],
    ['bjr jvoudrais 1 rdv svp', 'bonjour je voudrais 1 rendez vous s il vous plait'],
    ['l\'école d’à côté', 'l ecole d a cote'],
    ['qd passe la poubelle ds ma rue', 'quand passe la poubelle dans ma rue'],
    ['   ', ''],
    // Words that are also names of Object's built-ins stay words.
    ['constructor toString bjr', 'constructor tostring bonjour']
  ])('%j → %j', (text, expected) => {
    expect(normalizeText(text)).toBe(expected)
  })
})

describe('language detection', () => {
  it.each([
    ['bonjour je voudrais une carte d\'identité', 'fr'],
    ['bjr svp', 'fr'],
    ['lampadaire en panne rue jean jaures', 'fr'],
    ['merci', 'fr'],
    ['hello, when are the bins collected?', 'en'],
    ['thanks', 'en'],
    ['my passport was stolen', 'en'],
    ['Madame, Monsieur, je vous écris au sujet de la cantine. Cordialement', 'fr'],
    // mixed: the English frame wins when it carries the sentence
    ['hi, where is the mairie please', 'en'],
    ['bonjour, the street light is broken rue Victor Hugo', 'en']
  ])('%j → %s', (text, lang) => {
    expect(detectLang(text)).toBe(lang)
  })

  it('counts « week-end » for neither language: the other words decide', () => {
    expect(detectLangOrNull('ce week-end ?')).toBe('fr')
    expect(detectLangOrNull('évènements du week-end')).toBe('fr')
    expect(detectLangOrNull('quels événements ce week-end ?')).toBe('fr')
    expect(detectLangOrNull('this weekend?')).toBe('en')
  })

  it('keeps the conversation language for answers that do not tell ("1", "ok", a reference)', () => {
    expect(detectLangOrNull('1')).toBeNull()
    expect(detectLangOrNull('ok')).toBeNull()
    expect(detectLang('DEM-2026-00042', 'en')).toBe('en')
  })
})

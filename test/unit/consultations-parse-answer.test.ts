import { describe, expect, it } from 'vitest'
import { parseAnswer } from '../../src/consultations/parse-answer.ts'

const YES_NO = [{ fr: 'Oui', en: 'Yes' }, { fr: 'Non', en: 'No' }]
const NAMES = [{ fr: 'Jules Verne', en: 'Jules Verne' }, { fr: 'Colette', en: 'Colette' }, { fr: 'Simone Veil', en: 'Simone Veil' }]

describe('reading a consultation answer', () => {
  it('takes a number, an ordinal or the option\'s words', () => {
    expect(parseAnswer('2', YES_NO)).toEqual({ optionIndex: 2 })
    expect(parseAnswer(' 1. ', YES_NO)).toEqual({ optionIndex: 1 })
    expect(parseAnswer('non', YES_NO)).toEqual({ optionIndex: 2 })
    expect(parseAnswer('Non merci', YES_NO)).toEqual({ optionIndex: 2 })
    expect(parseAnswer('yes', YES_NO)).toEqual({ optionIndex: 1 })
    expect(parseAnswer('la deuxième', NAMES)).toEqual({ optionIndex: 2 })
    expect(parseAnswer('Je choisis la troisième', NAMES)).toEqual({ optionIndex: 3 })
    expect(parseAnswer('the first one', NAMES)).toEqual({ optionIndex: 1 })
    expect(parseAnswer('colette !', NAMES)).toEqual({ optionIndex: 2 })
    expect(parseAnswer('SIMONE VEIL', NAMES)).toEqual({ optionIndex: 3 })
  })

  it('refuses what names no option or several', () => {
    expect(parseAnswer('7', NAMES)).toBeUndefined()
    expect(parseAnswer('oui et non', YES_NO)).toBeUndefined()
    expect(parseAnswer("c'est quand la fin des travaux ?", YES_NO)).toBeUndefined()
    expect(parseAnswer('j\'ai 2 enfants et 3 chats', NAMES)).toBeUndefined()
  })

  it('takes any text for a free-text consultation, and RÉSULTAT as a wish to hear the result', () => {
    expect(parseAnswer('Un jardin partagé', [])).toEqual({ text: 'Un jardin partagé' })
    expect(parseAnswer('Résultat', NAMES)).toEqual({ wantsResult: true })
  })
})

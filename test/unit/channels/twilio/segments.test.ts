import { describe, expect, it } from 'vitest'
import { fitToSegments, isGsm7, segmentInfo, toGsmFriendly, truncateAtSentence } from '../../../../channels/twilio/segments.ts'

describe('SMS segments', () => {
  it('keeps French accents é, è, à in GSM-7 but not œ, ê, ç or emoji', () => {
    expect(isGsm7('Votre demande a été enregistrée à la mairie, merci.')).toBe(true)
    for (const text of ['un vœu', 'la fête', 'reçu', 'merci 👍']) expect(isGsm7(text), text).toBe(false)
  })

  it('counts 160 then 153 per part in GSM-7, 70 then 67 in UCS-2', () => {
    expect(segmentInfo('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 })
    expect(segmentInfo('a'.repeat(161)).segments).toBe(2)
    expect(segmentInfo('a'.repeat(306)).segments).toBe(2)
    expect(segmentInfo('a'.repeat(307)).segments).toBe(3)
    expect(segmentInfo('œ'.repeat(70))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 })
    expect(segmentInfo('œ'.repeat(71)).segments).toBe(2)
    expect(segmentInfo('œ'.repeat(134)).segments).toBe(2)
    expect(segmentInfo('œ'.repeat(135)).segments).toBe(3)
  })

  it('counts € and brackets as two GSM-7 units and an emoji as two UCS-2 units', () => {
    expect(segmentInfo('5 €').units).toBe(4)
    expect(segmentInfo('a'.repeat(159) + '€').segments).toBe(2)
    expect(segmentInfo('👍').units).toBe(2)
  })

  it('turns typographic apostrophes, quotes and ellipses into GSM-7 twins', () => {
    const text = toGsmFriendly('L’accueil « état civil » ouvre à 9 h… Merci !')
    expect(text).toBe('L\'accueil "état civil" ouvre à 9 h... Merci !')
    expect(isGsm7(text)).toBe(true)
  })

  it('turns the no-break spaces of French typography into plain spaces', () => {
    const text = toGsmFriendly('Ouvert de 8\u00A0h\u00A030 à 12\u00A0h\u202F; tél.\u00A0: 02\u00A000\u00A000\u00A000\u00A010\u202F!')
    expect(text).toBe('Ouvert de 8 h 30 à 12 h ; tél. : 02 00 00 00 10 !')
    expect(segmentInfo(text)).toMatchObject({ encoding: 'GSM-7', segments: 1 })
  })

  it('leaves a text that fits untouched', () => {
    expect(fitToSegments('Bonjour !', 1)).toMatchObject({ text: 'Bonjour !', truncated: false, segments: 1 })
  })

  it('cuts a long GSM-7 reply after the last whole sentence that fits, with "..."', () => {
    const sentences = Array.from({ length: 20 }, (_, i) => `Phrase numéro ${i + 1} de la réponse.`)
    const fitted = fitToSegments(sentences.join(' '), 2)
    expect(fitted.truncated).toBe(true)
    expect(fitted.encoding).toBe('GSM-7')
    expect(fitted.segments).toBeLessThanOrEqual(2)
    expect(fitted.text).toMatch(/de la réponse\. \.\.\.$/)
    expect(fitted.units).toBeGreaterThan(250) // it used the room it had
  })

  it('cuts a long UCS-2 reply within the UCS-2 budget, with "…"', () => {
    const text = 'Le cœur de ville est fermé. '.repeat(20)
    const fitted = fitToSegments(text, 3)
    expect(fitted.encoding).toBe('UCS-2')
    expect(fitted.units).toBeLessThanOrEqual(3 * 67)
    expect(fitted.text).toMatch(/fermé\. …$/)
  })

  it('falls back to a word boundary when there is no sentence to cut at', () => {
    const text = 'mot '.repeat(100).trim()
    const fitted = fitToSegments(text, 1)
    expect(fitted.segments).toBe(1)
    expect(fitted.text).toMatch(/mot\.\.\.$/)
  })

  it('bounds text by any length rule', () => {
    expect(truncateAtSentence('Une. Deux. Trois.', s => s.length <= 12)).toBe('Une. Deux. …')
  })
})

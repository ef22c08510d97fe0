import { describe, expect, it } from 'vitest'
import { formatPhone, formatSlots, formatTime, typeset } from '../../../../intents/dialogs/french-typography.ts'

const NBSP = '\u00A0'
const NNBSP = '\u202F'
const visible = (text: string) => text.replace(/\u00A0/g, '~').replace(/\u202F/g, '^')

describe('French typography for answers', () => {
  it('writes times as « 8 h 30 » and « 9 h », English on the 24-hour clock', () => {
    expect(visible(formatTime('08:30', 'fr'))).toBe('8~h~30')
    expect(visible(formatTime('09:00', 'fr'))).toBe('9~h')
    expect(formatTime('17:45', 'fr')).toBe(`17${NBSP}h${NBSP}45`)
    expect(formatTime('24:00', 'fr')).toBe('minuit')
    expect(['08:30', '09:00', '12:00', '13:30', '00:00'].map(t => formatTime(t, 'en'))).toEqual(['08:30', '09:00', '12:00', '13:30', '00:00'])
    expect(visible(formatSlots([{ from: '08:30', to: '12:00' }, { from: '13:30', to: '17:30' }], 'fr'))).toBe('de 8~h~30 à 12~h et de 13~h~30 à 17~h~30')
    expect(formatSlots([{ from: '09:00', to: '12:00' }], 'en')).toBe('from 09:00 to 12:00')
  })

  it('sets the same text the French way in French and leaves it in English, in any order (replies are remembered per language)', () => {
    const text = 'Horaires de la mairie: 08:30-12:00 ; ouvert !'
    const french = typeset(text, 'fr')
    expect(visible(french)).toBe('Horaires de la mairie~: 08:30-12:00^; ouvert^!')
    expect(typeset(text, 'en')).toBe(text)
    expect(typeset(text, 'fr')).toBe(french)
    expect(formatTime('08:30', 'en')).toBe('08:30')
    expect(visible(formatTime('08:30', 'fr'))).toBe('8~h~30')
  })

  it('writes French phone numbers in national format, by pairs', () => {
    for (const phone of ['+33 2 00 00 00 10', '+33200000010', '0200000010', '02.00.00.00.10', '+33 (0)2 00 00 00 10', '0033 2 00 00 00 10']) {
      expect(visible(formatPhone(phone))).toBe('02~00~00~00~10')
    }
    expect(formatPhone('+44 20 7946 0958')).toBe('+44 20 7946 0958')
  })

  it('puts a narrow no-break space before ; ! ? and a no-break space before : and inside « »', () => {
    expect(visible(typeset('Horaires : lun 9 h ; mar 10 h. Ouvert ! Vraiment ?', 'fr'))).toBe('Horaires~: lun 9 h^; mar 10 h. Ouvert^! Vraiment^?')
    expect(visible(typeset('Écrivez «agent» ou « conseiller »', 'fr'))).toBe('Écrivez «~agent~» ou «~conseiller~»')
    expect(typeset('Hours: Mon 09:00; Tue. Open!', 'en')).toBe('Hours: Mon 09:00; Tue. Open!')
  })

  it('leaves links, emails and clock times alone', () => {
    expect(visible(typeset('Voir https://ville.example/page?x=1 : merci', 'fr'))).toBe('Voir https://ville.example/page?x=1~: merci')
    expect(typeset('écrire à accueil@mairie.example', 'fr')).toBe('écrire à accueil@mairie.example')
    expect(typeset('à 08:30', 'fr')).toBe('à 08:30')
  })

  it('never doubles punctuation', () => {
    expect(visible(typeset('Bonnet obligatoire.. Merci !.', 'fr'))).toBe('Bonnet obligatoire. Merci^!')
    expect(typeset('Closed (holiday)..', 'en')).toBe('Closed (holiday).')
    expect(typeset('Wait...', 'en')).toBe('Wait...')
    expect(visible(typeset('Horaires : .', 'fr'))).toBe('Horaires.')
    expect(NNBSP).toBe('\u202F')
  })
})

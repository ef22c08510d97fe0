import { describe, expect, it } from 'vitest'
import { matchKeyword } from '../../../intents/keywords.ts'

describe('keyword rules', () => {
  it.each([
    ['STOP', 'opt_out'], ['stop', 'opt_out'], ['  Stop  ', 'opt_out'], ['STOP.', 'opt_out'], ['ARRET', 'opt_out'], ['arrêt', 'opt_out'],
    ['STOP SMS', 'opt_out'], ['stop  sms', 'opt_out'], ['UNSUBSCRIBE', 'opt_out'], ['START', 'opt_in'], ['start', 'opt_in'],
    ['AIDE', 'help'], ['aide', 'help'], ['HELP', 'help'], ['Help!', 'help']
  ])('%j → %s', (text, intent) => {
    expect(matchKeyword(text)?.intent).toBe(intent)
  })

  it.each(['stop les alertes travaux', 'je veux de l\'aide', 'help me with my bins', 'starter', 'arrêtez', 'STOPPER', '', 'constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    '%j is not a keyword (whole-message match only)', text => {
      expect(matchKeyword(text)).toBeNull()
    })

  it('reports the keyword in upper case for the opt-out record', () => {
    expect(matchKeyword(' stop sms ')).toEqual({ intent: 'opt_out', keyword: 'STOP SMS' })
  })
})

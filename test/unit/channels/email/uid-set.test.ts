import { describe, expect, it } from 'vitest'
import { uidSet } from '../../../../channels/email/imap-watcher.ts'

describe('uidSet: the UIDs of a batch as one IMAP set', () => {
  it('folds runs so that 10,000 waiting mails still make a short command line', () => {
    expect(uidSet([3, 4, 5, 6, 7, 9, 11, 12])).toBe('3:7,9,11:12')
    expect(uidSet([42])).toBe('42')
    expect(uidSet(Array.from({ length: 10_000 }, (_, k) => k + 1))).toBe('1:10000')
  })
})

import { describe, expect, it } from 'vitest'
import { postgresTsQuery, searchTokens, sqliteMatchQuery } from '../../../src/inbox/search/full-text.ts'

describe('search words', () => {
  it('keeps only letters and digits, so query syntax typed by a user is never interpreted', () => {
    expect(searchTokens('"éclairage" OR rue* -- NEAR(a b)')).toEqual(['éclairage', 'or', 'rue', 'near'])
    expect(searchTokens("l'Éclairage, 12 rue")).toEqual(['éclairage', '12', 'rue'])
    expect(searchTokens('  ')).toEqual([])
  })

  it('matches every word as a prefix on both databases', () => {
    expect(sqliteMatchQuery(['eclair', 'rue'])).toBe('"eclair"* "rue"*')
    expect(postgresTsQuery(['eclair', 'rue'])).toBe('eclair:* & rue:*')
  })
})

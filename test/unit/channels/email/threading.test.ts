import { describe, expect, it } from 'vitest'
import { findThreadConversation, ownIdsFirst, parseMessageIds, ticketReferenceIn } from '../../../../channels/email/threading.ts'
import type { Address } from '../../../../src/core/channel.ts'

const JEANNE: Address = { kind: 'email', value: 'jeanne@citoyen.example' }

describe('email threading', () => {
  it('reads message ids from headers in order, without duplicates', () => {
    expect(parseMessageIds('<a@x> <b@y>\r\n <a@x>')).toEqual(['<a@x>', '<b@y>'])
    expect(parseMessageIds(['<a@x>', '<c@z>'])).toEqual(['<a@x>', '<c@z>'])
    expect(parseMessageIds('bare@id.example')).toEqual(['<bare@id.example>'])
    expect(parseMessageIds(undefined)).toEqual([])
  })

  it('finds a ticket reference in a subject, with or without brackets', () => {
    expect(ticketReferenceIn('Re: Nid de poule [DEM-2026-00042]')).toBe('DEM-2026-00042')
    expect(ticketReferenceIn('suite DEM-2026-00042')).toBe('DEM-2026-00042')
    expect(ticketReferenceIn('DEM-26-42')).toBeUndefined()
  })

  it('tries our own Message-IDs before anyone else\'s', () => {
    expect(ownIdsFirst(['<x@gmail.com>', '<o1@Ville.example>'], 'ville.example')).toEqual([['<o1@Ville.example>'], ['<x@gmail.com>']])
  })

  it('prefers a Message-ID match over the subject\'s ticket reference, and falls back to it', async () => {
    const calls: string[] = []
    const ctx = {
      byProviderIds: async (ids: string[]) => { calls.push(`ids:${ids.join(',')}`); return ids.includes('<o1@ville.example>') ? 'conv-by-id' : undefined },
      byTicketReference: async (ref: string) => { calls.push(`ref:${ref}`); return 'conv-by-ticket' },
    }
    expect(await findThreadConversation(ctx, { from: JEANNE, threadIds: ['<o1@ville.example>'], ticketReference: 'DEM-2026-00001' }, 'ville.example')).toBe('conv-by-id')
    expect(calls).toEqual(['ids:<o1@ville.example>'])
    calls.length = 0
    expect(await findThreadConversation(ctx, { from: JEANNE, threadIds: ['<x@gmail.com>'], ticketReference: 'DEM-2026-00001' }, 'ville.example')).toBe('conv-by-ticket')
    expect(calls).toEqual(['ids:<x@gmail.com>', 'ref:DEM-2026-00001'])
    expect(await findThreadConversation(ctx, { from: JEANNE, threadIds: [] }, 'ville.example')).toBeUndefined()
  })
})

// Which channel writes to an address: each channel folder says which kinds of address it reaches
// (channels/<name>/index.ts), and every kind of identity the core knows has exactly one channel.
import { describe, expect, it } from 'vitest'
import { channelModules, channelOfKind } from '../../../channels/index.ts'
import type { IdentityKind } from '../../../src/domain.ts'

const KINDS: IdentityKind[] = ['phone', 'whatsapp', 'email', 'webchat', 'botframework']

describe('channelOfKind', () => {
  it('answers SMS and WhatsApp through Twilio, and each other kind through its own channel', () => {
    expect(KINDS.map(channelOfKind)).toEqual(['twilio', 'twilio', 'email', 'webchat', 'botframework'])
  })

  it('has no kind claimed by two channels', () => {
    const claimed = channelModules.flatMap(m => m.identityKinds)
    expect(new Set(claimed).size).toBe(claimed.length)
    expect([...claimed].sort()).toEqual([...KINDS].sort())
  })

  it('has no channel for a kind none reaches', () => {
    expect(channelOfKind('fax')).toBeUndefined()
  })
})

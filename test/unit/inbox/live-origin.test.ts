import { describe, expect, it } from 'vitest'
import { isSameOrigin } from '../../../src/inbox/live-socket.ts'

describe('live feed origin check', () => {
  it('accepts the inbox page itself and refuses another site using the agent cookie', () => {
    expect(isSameOrigin('https://mairie.example.fr', 'mairie.example.fr')).toBe(true)
    expect(isSameOrigin('https://evil.example', 'mairie.example.fr')).toBe(false)
    expect(isSameOrigin('null', 'mairie.example.fr')).toBe(false)
    expect(isSameOrigin(undefined, 'mairie.example.fr')).toBe(true)
  })
})

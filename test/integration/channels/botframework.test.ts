import { afterEach, describe, expect, it } from 'vitest'
import { buildTestApp, waitFor, type TestApp } from '../../helpers/test-app.ts'
import { startBotFrameworkConnector } from '../../stand-ins/botframework-connector.ts'
import { botframework } from '../../../channels/botframework/index.ts'
import { readBotFrameworkConfig } from '../../../channels/botframework/config.ts'

type Connector = Awaited<ReturnType<typeof startBotFrameworkConnector>>

function activity (connector: Connector, text: string, id: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'message',
    id,
    text,
    channelId: 'msteams',
    serviceUrl: `${connector.url}/`,
    from: { id: '29:user-1', name: 'Camille' },
    recipient: { id: '28:bot', name: 'Mairie' },
    conversation: { id: 'a:conv-1' },
    timestamp: new Date().toISOString(),
    ...extra,
  }
}

describe('Bot Framework (Teams, Messenger)', () => {
  let t: TestApp
  let connector: Connector
  afterEach(async () => { await t?.stopAll(); await connector?.close() })

  it('answers a Teams message through the connector, and a redelivery only once', async () => {
    connector = await startBotFrameworkConnector()
    t = await buildTestApp({ channels: [botframework], env: { BOTFRAMEWORK_AUTH: 'disabled' } })
    const post = () => t.app.inject({ method: 'POST', url: '/channels/botframework/messages', payload: activity(connector, 'bonjour', 'act-1') })
    expect((await post()).statusCode).toBe(200)
    expect((await post()).statusCode).toBe(200)
    await t.core.idle()
    const replies = await t.database.db.outboxItem.count()
    await waitFor(() => connector.received.length >= replies, 5000, 'replies at the connector')
    expect(await t.database.db.message.count({ where: { direction: 'inbound' } })).toBe(1)
    expect(connector.received[0].conversationId).toBe('a:conv-1')
    expect(String(connector.received[0].activity.text)).toMatch(/assistant automati/)
    expect(connector.received).toHaveLength(replies)
  })

  it('delivers each reply exactly once when the connector refuses for a while', async () => {
    connector = await startBotFrameworkConnector()
    t = await buildTestApp({ channels: [botframework], env: { BOTFRAMEWORK_AUTH: 'disabled' } })
    connector.failNext(2)
    await t.app.inject({ method: 'POST', url: '/channels/botframework/messages', payload: activity(connector, 'bonjour', 'act-2') })
    await t.core.idle()
    const db = t.database.db
    await waitFor(async () => await db.outboxItem.count({ where: { status: { not: 'sent' } } }) === 0, 10_000, 'every reply sent')
    const replies = await db.outboxItem.count()
    expect(replies).toBeGreaterThanOrEqual(2)
    // The SDK retries 503s itself; whoever retries, the citizen gets each reply once.
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(connector.received).toHaveLength(replies)
    expect(new Set(connector.received.map(r => r.activity.text)).size).toBe(replies)
  })

  it('refuses an unsigned or forged activity when authentication is on, and stores nothing', async () => {
    connector = await startBotFrameworkConnector()
    const env = { MICROSOFT_APP_ID: 'app-123', MICROSOFT_APP_PASSWORD: 'secret', BOTFRAMEWORK_OPENID_METADATA_URL: connector.openIdMetadataUrl, BOTFRAMEWORK_TOKEN_ISSUER: connector.issuer }
    t = await buildTestApp({ channels: [botframework], env })
    const body = activity(connector, 'bonjour', 'act-3')
    const unsigned = await t.app.inject({ method: 'POST', url: '/channels/botframework/messages', payload: body })
    expect(unsigned.statusCode).toBe(401)
    const wrongAudience = connector.sign({ aud: 'someone-else', serviceurl: body.serviceUrl })
    const forged = await t.app.inject({ method: 'POST', url: '/channels/botframework/messages', payload: body, headers: { authorization: `Bearer ${wrongAudience}` } })
    expect(forged.statusCode).toBe(401)
    expect(await t.database.db.message.count()).toBe(0)

    const valid = connector.sign({ aud: 'app-123', serviceurl: body.serviceUrl })
    const ok = await t.app.inject({ method: 'POST', url: '/channels/botframework/messages', payload: body, headers: { authorization: `Bearer ${valid}` } })
    expect(ok.statusCode).toBe(200)
    expect(await t.database.db.message.count({ where: { direction: 'inbound' } })).toBe(1)
  })

  it('is off without settings and refuses disabled authentication in production', () => {
    expect(readBotFrameworkConfig({})).toBeUndefined()
    expect(() => readBotFrameworkConfig({ BOTFRAMEWORK_AUTH: 'disabled', NODE_ENV: 'production' })).toThrow(/refused when NODE_ENV=production/)
    expect(() => readBotFrameworkConfig({ MICROSOFT_APP_ID: 'x' })).toThrow(/MICROSOFT_APP_PASSWORD/)
  })
})

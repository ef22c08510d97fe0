// Threading against a real Dovecot: a citizen's reply lands in the conversation (and ticket) it
// answers, even after that conversation was closed, and only for the same sender.
import { afterEach, describe, expect, it } from 'vitest'
import { waitFor } from '../../helpers/test-app.ts'
import { isDovecotInstalled } from '../../helpers/dovecot.ts'
import { buildMail, CITIZEN, inbound, startHarness, stopHarness, type Harness } from '../../helpers/email-harness.ts'
import { signedInAgent } from '../inbox/agent-sessions.ts'

async function closeConversations (h: Harness): Promise<void> {
  await h.t.core.idle()
  await h.t.database.db.conversation.updateMany({ data: { status: 'closed' } })
}

describe.skipIf(!isDovecotInstalled)('email channel: threading', () => {
  let h: Harness | undefined
  afterEach(async () => { await stopHarness(h); h = undefined })

  it('threads the citizen\'s reply to our answer into the same conversation, quotes stripped for the classifier', async () => {
    h = await startHarness()
    await h.dovecot.deliver((await buildMail({ from: CITIZEN, subject: 'Horaires', text: 'bonjour' })).raw)
    await waitFor(() => h!.sink.received.length >= 2, 10_000, 'first answers')
    // Without threading, a new mail after the conversation closed would open a new one.
    await closeConversations(h)
    const ours = h.sink.received[1]!
    const body = 'Merci, et le samedi ?\n\nLe lun. 3 nov. 2026 à 10:00, Mairie <mairie@ville.example> a écrit :\n> Bonjour ! Comment puis-je vous aider ?\n\n-- \nJeanne Martin\n06 12 34 56 78'
    await h.dovecot.deliver((await buildMail({ from: CITIZEN, subject: ours.subject, text: body, inReplyTo: ours.messageId, references: [ours.messageId!] })).raw)
    const messages = await waitFor(async () => { const m = await inbound(h!.t); return m.length === 2 && m }, 10_000, 'reply stored')
    expect(messages[1]!.conversationId).toBe(messages[0]!.conversationId)
    expect(messages[1]!.text).toContain('a écrit :')
    expect(messages[1]!.nluText).toBe('Merci, et le samedi ?')
    expect(await h.t.database.db.conversation.count()).toBe(1)
  })

  it('threads a new mail naming the ticket reference in its subject into that ticket\'s conversation', async () => {
    h = await startHarness()
    await h.dovecot.deliver((await buildMail({ from: CITIZEN, subject: 'Nid de poule', text: 'Un trou rue des Lilas' })).raw)
    await waitFor(() => h!.sink.received.length >= 2, 10_000, 'first answers')
    const [first] = await inbound(h.t)
    const { db } = h.t.database
    const ticket = await db.ticket.create({
      data: { reference: 'DEM-2026-00042', year: 2026, seq: 42, kind: 'report', category: 'roads', serviceCode: 'voirie', title: 'Nid de poule', description: 'Un trou', source: 'conversation', citizenId: first!.citizenId, conversationId: first!.conversationId },
    })
    await closeConversations(h)
    const sentBefore = h.sink.received.length

    await h.dovecot.deliver((await buildMail({ from: CITIZEN, subject: 'Photo pour [DEM-2026-00042]', text: 'Voici une autre photo.' })).raw)
    const messages = await waitFor(async () => { const m = await inbound(h!.t); return m.length === 2 && m }, 10_000, 'second stored')
    expect(messages[1]!.conversationId).toBe(ticket.conversationId)
    await waitFor(() => h!.sink.received.length > sentBefore, 10_000, 'answer')
    expect(h.sink.received.at(-1)!.subject).toBe('Re: Photo pour [DEM-2026-00042]')

    // Someone else quoting the reference does not get into Jeanne's conversation.
    await h.dovecot.deliver((await buildMail({ from: 'intrus@ailleurs.example', subject: 'Re: [DEM-2026-00042]', text: 'Je veux voir ce dossier' })).raw)
    const all = await waitFor(async () => { const m = await inbound(h!.t); return m.length === 3 && m }, 10_000, 'third stored')
    expect(all[2]!.conversationId).not.toBe(ticket.conversationId)
  })

  it('does not follow In-Reply-To into another sender\'s conversation', async () => {
    h = await startHarness()
    await h.dovecot.deliver((await buildMail({ from: CITIZEN, subject: 'Horaires', text: 'bonjour' })).raw)
    await waitFor(() => h!.sink.received.length >= 2, 10_000, 'first answers')
    const ours = h.sink.received[1]!
    await h.dovecot.deliver((await buildMail({ from: 'voisin@citoyen.example', subject: ours.subject, text: 'moi aussi', inReplyTo: ours.messageId })).raw)
    const messages = await waitFor(async () => { const m = await inbound(h!.t); return m.length === 2 && m }, 10_000, 'reply stored')
    expect(messages[1]!.conversationId).not.toBe(messages[0]!.conversationId)
  })

  it('sends an agent\'s reply in the citizen\'s thread, without the automatic-reply marks', async () => {
    h = await startHarness()
    const { raw, messageId } = await buildMail({ from: CITIZEN, subject: 'Horaires', text: 'bonjour' })
    await h.dovecot.deliver(raw)
    await waitFor(() => h!.sink.received.length >= 2, 10_000, 'first answers')
    const conversation = await h.t.database.db.conversation.findFirstOrThrow()
    const agent = await signedInAgent(h.t, 'agent')
    const res = await h.t.app.inject({ method: 'POST', url: `/api/conversations/${conversation.id}/messages`, headers: agent.bearer, payload: { text: 'Bonjour, <b>nous</b> ouvrons à 9 h.' } })
    expect(res.statusCode).toBe(201)
    const reply = await waitFor(() => h!.sink.received.find(m => m.text?.includes('nous</b> ouvrons')), 10_000, 'agent reply')
    expect(reply.inReplyTo).toBe(messageId)
    expect(reply.subject).toBe('Re: Horaires')
    expect(reply.headers.get('auto-submitted')).toBeUndefined()
    expect(reply.html).toContain('Bonjour, &lt;b&gt;nous&lt;/b&gt; ouvrons')
  })
})

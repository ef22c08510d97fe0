// Threading against a real Dovecot: a citizen's reply lands in the conversation (and ticket) it
// answers, even after that conversation was closed, and only for the same sender.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { waitFor } from '../../helpers/test-app.ts'
import { isDovecotInstalled } from '../../helpers/dovecot.ts'
import { answersTo, buildMail, CITIZEN, GREETING_ANSWER, inbound, NOTICE, settled, startHarness, stopHarness, type Harness } from '../../helpers/email-harness.ts'
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
    await waitFor(() => h!.sink.received.length >= 1, 20_000, 'the first answer')
    // Without threading, a new mail after the conversation closed would open a new one.
    await closeConversations(h)
    const ours = h.sink.received[0]!
    const body = 'Merci, et le samedi ?\n\nLe lun. 3 nov. 2026 à 10:00, Mairie <mairie@ville.example> a écrit :\n> Bonjour ! Comment puis-je vous aider ?\n\n-- \nJeanne Martin\n06 12 34 56 78'
    const reply = await buildMail({ from: CITIZEN, subject: ours.subject, text: body, inReplyTo: ours.messageId, references: [ours.messageId!] })
    await h.dovecot.deliver(reply.raw)
    const messages = await waitFor(async () => { const m = await inbound(h!.t); return m.length === 2 && m }, 20_000, 'reply stored')
    expect(messages[1]!.conversationId).toBe(messages[0]!.conversationId)
    expect(messages[1]!.text).toContain('a écrit :')
    expect(messages[1]!.nluText).toBe('Merci, et le samedi ?')
    expect(await h.t.database.db.conversation.count()).toBe(1)
    // Answered in the same thread with one mail, without the first-contact notice this time.
    await waitFor(() => answersTo(h!.sink, reply.messageId).length >= 1, 20_000, 'the answer to the reply')
    await settled(h.t)
    expect(h.sink.received).toHaveLength(2)
    const answer = answersTo(h.sink, reply.messageId)[0]!
    expect(answer.subject).toBe('Re: Horaires')
    expect(answer.references).toContain(ours.messageId)
    expect(answer.text).not.toMatch(NOTICE)
  })

  it('opens a second conversation for a new mail that names none of ours, while a reply with In-Reply-To stays in the first', async () => {
    h = await startHarness()
    const first = await buildMail({ from: CITIZEN, subject: 'Horaires', text: 'bonjour' })
    await h.dovecot.deliver(first.raw)
    await waitFor(() => h!.sink.received.length >= 1, 20_000, 'the first answer')
    await settled(h.t)
    const ours = h.sink.received[0]!
    expect(ours.inReplyTo).toBe(first.messageId)
    const [firstStored] = await inbound(h.t)

    // Same sender, first conversation still open, but a new subject and no thread header nor [DEM-…] reference.
    const unrelated = await buildMail({ from: CITIZEN, subject: 'Encombrants', text: 'Bonjour, quand passent les encombrants ?' })
    expect(unrelated.raw.toString()).not.toMatch(/^(In-Reply-To|References):/im)
    await h.dovecot.deliver(unrelated.raw)
    const two = await waitFor(async () => { const m = await inbound(h!.t); return m.length === 2 && m }, 20_000, 'the new mail stored')
    expect(two[1]!.conversationId).not.toBe(firstStored!.conversationId)
    await waitFor(() => answersTo(h!.sink, unrelated.messageId).length >= 1, 20_000, 'the answer to the new mail')
    await settled(h.t)
    // A conversation of its own, so a first contact again: one mail, notice and answer, in the new mail's thread.
    expect(answersTo(h.sink, unrelated.messageId)).toHaveLength(1)
    const second = answersTo(h.sink, unrelated.messageId)[0]!
    expect(second.subject).toBe('Re: Encombrants')
    expect(second.references).not.toContain(first.messageId)
    expect(second.references).not.toContain(ours.messageId)
    expect(second.text).toMatch(NOTICE)
    expect(second.text).toContain(GREETING_ANSWER)
    expect(h.sink.received).toHaveLength(2)
    const conversations = await h.t.database.db.conversation.findMany({ orderBy: { createdAt: 'asc' } })
    expect(conversations.map(c => [c.id, c.subject, c.status])).toEqual([
      [firstStored!.conversationId, 'Horaires', 'open'],
      [two[1]!.conversationId, 'Encombrants', 'open'],
    ])

    // A reply to our first answer goes back to the first conversation, though the second one is the latest.
    const reply = await buildMail({ from: CITIZEN, subject: ours.subject, text: 'bonjour, et le samedi ?', inReplyTo: ours.messageId, references: [first.messageId, ours.messageId!] })
    await h.dovecot.deliver(reply.raw)
    const three = await waitFor(async () => { const m = await inbound(h!.t); return m.length === 3 && m }, 20_000, 'the reply stored')
    expect(three[2]!.conversationId).toBe(firstStored!.conversationId)
    await waitFor(() => answersTo(h!.sink, reply.messageId).length >= 1, 20_000, 'the answer to the reply')
    await settled(h.t)
    // Not a first contact any more: one mail with the answer alone, in the first thread.
    expect(answersTo(h.sink, reply.messageId)).toHaveLength(1)
    const third = answersTo(h.sink, reply.messageId)[0]!
    expect(third.subject).toBe('Re: Horaires')
    expect(third.references).toContain(ours.messageId)
    expect(third.text).not.toMatch(NOTICE)
    expect(third.text).toContain(GREETING_ANSWER)
    expect(h.sink.received).toHaveLength(3)
    expect(await h.t.database.db.conversation.count()).toBe(2)
  })

  it('threads a new mail naming the ticket reference in its subject into that ticket\'s conversation', async () => {
    h = await startHarness()
    await h.dovecot.deliver((await buildMail({ from: CITIZEN, subject: 'Nid de poule', text: 'Un trou rue des Lilas' })).raw)
    await waitFor(() => h!.sink.received.length >= 1, 20_000, 'the first answer')
    const [first] = await inbound(h.t)
    const { db } = h.t.database
    const ticket = await db.ticket.create({
      data: { reference: 'DEM-2026-00042', year: 2026, seq: 42, kind: 'report', category: 'roads', serviceCode: 'voirie', title: 'Nid de poule', description: 'Un trou', source: 'conversation', citizenId: first!.citizenId, conversationId: first!.conversationId },
    })
    await closeConversations(h)
    const sentBefore = h.sink.received.length

    await h.dovecot.deliver((await buildMail({ from: CITIZEN, subject: 'Photo pour [DEM-2026-00042]', text: 'Voici une autre photo.' })).raw)
    const messages = await waitFor(async () => { const m = await inbound(h!.t); return m.length === 2 && m }, 20_000, 'second stored')
    expect(messages[1]!.conversationId).toBe(ticket.conversationId)
    await waitFor(() => h!.sink.received.length > sentBefore, 20_000, 'answer')
    await settled(h.t)
    expect(h.sink.received).toHaveLength(sentBefore + 1)
    expect(h.sink.received.at(-1)!.subject).toBe('Re: Photo pour [DEM-2026-00042]')
    expect(h.sink.received.at(-1)!.text).not.toMatch(NOTICE)

    // Someone else quoting the reference does not get into Jeanne's conversation.
    await h.dovecot.deliver((await buildMail({ from: 'intrus@ailleurs.example', subject: 'Re: [DEM-2026-00042]', text: 'Je veux voir ce dossier' })).raw)
    const all = await waitFor(async () => { const m = await inbound(h!.t); return m.length === 3 && m }, 20_000, 'third stored')
    expect(all[2]!.conversationId).not.toBe(ticket.conversationId)
  })

  it('does not follow In-Reply-To into another sender\'s conversation', async () => {
    h = await startHarness()
    await h.dovecot.deliver((await buildMail({ from: CITIZEN, subject: 'Horaires', text: 'bonjour' })).raw)
    await waitFor(() => h!.sink.received.length >= 1, 20_000, 'the first answer')
    const ours = h.sink.received[0]!
    await h.dovecot.deliver((await buildMail({ from: 'voisin@citoyen.example', subject: ours.subject, text: 'moi aussi', inReplyTo: ours.messageId })).raw)
    const messages = await waitFor(async () => { const m = await inbound(h!.t); return m.length === 2 && m }, 20_000, 'reply stored')
    expect(messages[1]!.conversationId).not.toBe(messages[0]!.conversationId)
  })

  it('sends an agent\'s reply in the citizen\'s thread, without the automatic-reply marks', async () => {
    h = await startHarness()
    const { raw, messageId } = await buildMail({ from: CITIZEN, subject: 'Horaires', text: 'bonjour' })
    await h.dovecot.deliver(raw)
    await waitFor(() => h!.sink.received.length >= 1, 20_000, 'the first answer')
    const conversation = await h.t.database.db.conversation.findFirstOrThrow()
    const agent = await signedInAgent(h.t, 'agent')
    const res = await h.t.app.inject({ method: 'POST', url: `/api/conversations/${conversation.id}/messages`, headers: agent.bearer, payload: { text: 'Bonjour, <b>nous</b> ouvrons à 9 h.' } })
    expect(res.statusCode).toBe(201)
    const reply = await waitFor(() => h!.sink.received.find(m => m.text?.includes('nous</b> ouvrons')), 20_000, 'agent reply')
    expect(reply.inReplyTo).toBe(messageId)
    expect(reply.subject).toBe('Re: Horaires')
    expect(reply.headers.get('auto-submitted')).toBeUndefined()
    expect(reply.html).toContain('Bonjour, &lt;b&gt;nous&lt;/b&gt; ouvrons')
  })

  it('answers each of a citizen\'s open threads under that thread\'s own latest mail (the reply reference is kept per conversation)', async () => {
    h = await startHarness()
    const horaires = await buildMail({ from: CITIZEN, subject: 'Horaires', text: 'bonjour' })
    await h.dovecot.deliver(horaires.raw)
    await waitFor(() => answersTo(h!.sink, horaires.messageId).length >= 1, 20_000, 'the first answer')
    // A second subject, written later: the citizen's latest mail overall, in a conversation of its own.
    const encombrants = await buildMail({ from: CITIZEN, subject: 'Encombrants', text: 'Bonjour, quand passent les encombrants ?' })
    await h.dovecot.deliver(encombrants.raw)
    await waitFor(() => answersTo(h!.sink, encombrants.messageId).length >= 1, 20_000, 'the second answer')
    await settled(h.t)
    const [first, second] = await inbound(h.t)
    expect(second!.conversationId).not.toBe(first!.conversationId)

    const agent = await signedInAgent(h.t, 'agent')
    for (const [conversationId, text] of [[first!.conversationId, 'Nous ouvrons à 9 h.'], [second!.conversationId, 'Le premier lundi du mois.']]) {
      const res = await h.t.app.inject({ method: 'POST', url: `/api/conversations/${conversationId}/messages`, headers: agent.bearer, payload: { text } })
      expect(res.statusCode).toBe(201)
    }
    const toHoraires = await waitFor(() => h!.sink.received.find(m => m.text?.includes('Nous ouvrons à 9 h.')), 20_000, 'the agent\'s reply on the first thread')
    const toEncombrants = await waitFor(() => h!.sink.received.find(m => m.text?.includes('Le premier lundi')), 20_000, 'the agent\'s reply on the second thread')
    expect([toHoraires.inReplyTo, toHoraires.subject]).toEqual([horaires.messageId, 'Re: Horaires'])
    expect([toEncombrants.inReplyTo, toEncombrants.subject]).toEqual([encombrants.messageId, 'Re: Encombrants'])
  })

  it.each(['sqlite', 'postgresql'] as const)('still threads a conversation stored before the reply reference existed, once migrated (%s)', async (db) => {
    h = await startHarness({ db })
    const { raw, messageId } = await buildMail({ from: CITIZEN, subject: 'Horaires', text: 'bonjour' })
    await h.dovecot.deliver(raw)
    await waitFor(() => answersTo(h!.sink, messageId).length >= 1, 20_000, 'the first answer')
    await settled(h.t)
    // As the conversation was before the migration: no reference, only the stored mail's headers.
    const conversation = await h.t.database.db.conversation.update({ where: { id: (await inbound(h.t))[0]!.conversationId }, data: { replyReference: null } })
    await h.t.database.db.$executeRawUnsafe(backfillStatement(db))
    expect(JSON.parse((await h.t.database.db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).replyReference!)).toMatchObject({ channel: 'email', reference: { messageId, subject: 'Horaires' } })

    const agent = await signedInAgent(h.t, 'agent')
    const res = await h.t.app.inject({ method: 'POST', url: `/api/conversations/${conversation.id}/messages`, headers: agent.bearer, payload: { text: 'Nous ouvrons à 9 h.' } })
    expect(res.statusCode).toBe(201)
    const reply = await waitFor(() => h!.sink.received.find(m => m.text?.includes('Nous ouvrons à 9 h.')), 20_000, 'the agent\'s reply')
    expect([reply.inReplyTo, reply.subject]).toEqual([messageId, 'Re: Horaires'])
  })
})

/** The data step of the migration that added Conversation.replyReference, as written in the provider's history. */
function backfillStatement (provider: 'sqlite' | 'postgresql'): string {
  const dir = path.resolve(import.meta.dirname, '../../../prisma/migrations', provider)
  const migration = fs.readdirSync(dir).find(name => name.endsWith('_conversation_reply_reference'))!
  const sql = fs.readFileSync(path.join(dir, migration, 'migration.sql'), 'utf8')
  return /UPDATE "Conversation"[^;]+/.exec(sql)![0]
}

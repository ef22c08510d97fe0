// Plays one story against the real core: the web chat through its public HTTP API, SMS and email
// through the core's receive() with those channels' names and addresses (what their adapters hand it).
import type { StoryApp as TestApp } from './app.ts'
import { openChat } from '../helpers/webchat-client.ts'
import type { Expectation, Story } from './stories.ts'

export type StoryResult = { story: Story, passed: boolean, failures: string[], transcript: string[] }

const plain = (text: string): string => text.replace(/[\u00A0\u202F]/g, ' ')
let counter = 0

type Sender = { say (text: string): Promise<void>, citizenId (): Promise<string | null> }

const sender = async (t: TestApp, story: Story): Promise<Sender> => {
  const n = ++counter
  const { db } = t.database
  if (story.channel === 'webchat') {
    const chat = await openChat(t.app)
    const citizenId = async () => (await db.identity.findFirst({ where: { kind: 'webchat', value: chat.sessionId } }))?.citizenId ?? null
    return { say: async text => { await chat.say(text) }, citizenId }
  }
  const from = story.channel === 'twilio'
    ? { kind: 'phone' as const, value: `+3361${String(process.pid % 1000).padStart(3, '0')}${String(n).padStart(4, '0')}` }
    : { kind: 'email' as const, value: `story-${process.pid}-${n}@example.org` }
  let k = 0
  return {
    say: async text => { await t.core.receive({ channel: story.channel, externalId: `story-${process.pid}-${n}-${++k}`, from, text }) },
    citizenId: async () => (await db.identity.findFirst({ where: { kind: from.kind, value: from.value } }))?.citizenId ?? null,
  }
}

const check = async (t: TestApp, citizenId: string, expect: Expectation, replies: string[], intent: string | null): Promise<string[]> => {
  const { db } = t.database
  const failures: string[] = []
  const text = plain(replies.join('\n'))
  for (const pattern of expect.reply ?? []) if (!new RegExp(pattern, 'i').test(text)) failures.push(`reply should match /${pattern}/`)
  for (const pattern of expect.not ?? []) if (new RegExp(pattern, 'i').test(text)) failures.push(`reply should not match /${pattern}/`)
  if (expect.answered !== undefined && (replies.length > 0) !== expect.answered) failures.push(expect.answered ? 'expected an answer, got silence' : 'expected no answer')
  if (expect.intent !== undefined && intent !== expect.intent) failures.push(`intent ${intent}, expected ${expect.intent}`)
  if (expect.tickets !== undefined) {
    const tickets = await db.ticket.count({ where: { citizenId } })
    if (tickets !== expect.tickets) failures.push(`${tickets} ticket(s), expected ${expect.tickets}`)
  }
  if (expect.notes !== undefined) {
    const notes = await db.ticketEvent.count({ where: { type: 'citizen_reply', ticket: { citizenId } } })
    if (notes !== expect.notes) failures.push(`${notes} citizen note(s), expected ${expect.notes}`)
  }
  if (expect.subscriptions !== undefined) {
    const topics = (await db.alertSubscription.findMany({ where: { identity: { citizenId } } })).map(s => s.topic).sort()
    if (topics.join(',') !== [...expect.subscriptions].sort().join(',')) failures.push(`subscribed to [${topics}], expected [${expect.subscriptions}]`)
  }
  if (expect.holder !== undefined) {
    const conversation = await db.conversation.findFirst({ where: { citizenId }, orderBy: { createdAt: 'desc' } })
    if (conversation?.holder !== expect.holder) failures.push(`held by ${conversation?.holder}, expected ${expect.holder}`)
  }
  return failures
}

export const playStory = async (t: TestApp, story: Story): Promise<StoryResult> => {
  const { db } = t.database
  const citizen = await sender(t, story)
  const failures: string[] = []
  const transcript: string[] = []
  let lastId = 0
  let citizenId: string | null = null
  for (const [i, turn] of story.turns.entries()) {
    // "{ref}" stands for the reference of the citizen's latest ticket.
    const latest = citizenId === null ? null : await db.ticket.findFirst({ where: { citizenId }, orderBy: { createdAt: 'desc' } })
    await citizen.say(turn.say.replaceAll('{ref}', latest?.reference ?? 'DEM-0000-00000'))
    await t.core.idle()
    citizenId ??= await citizen.citizenId()
    if (citizenId === null) return { story, passed: false, failures: ['the message was not stored'], transcript }
    const messages = await db.message.findMany({ where: { citizenId, id: { gt: lastId } }, orderBy: { id: 'asc' } })
    lastId = messages.at(-1)?.id ?? lastId
    const inbound = messages.find(m => m.direction === 'inbound')
    // The first answer carries the assistant notice: it is not part of what the turn is judged on.
    const outbound = messages.filter(m => m.direction === 'outbound').map(m => m.text)
    const replies = i === 0 && outbound.length > 1 && /assistant automatis|automated assistant/i.test(outbound[0]) ? outbound.slice(1) : outbound
    transcript.push(`> ${turn.say}`, ...replies.map(r => `< ${plain(r)}`))
    for (const failure of await check(t, citizenId, turn, replies, inbound?.intent ?? null)) failures.push(`turn ${i + 1} (« ${turn.say} »): ${failure}`)
  }
  return { story, passed: failures.length === 0, failures, transcript }
}

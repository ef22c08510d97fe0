// npm run seed:large -- --citizens 100000 --messages 1000000: a year of a big city's traffic in
// DATABASE_URL (SQLite or PostgreSQL), for the inbox bench (issue 19). Citizens on every channel,
// one or two conversations each, messages spread over the last 365 days, inbound answered by the
// bot; no real person's data (numbers in the fictional 06 99 range, example.org emails).
import { parseArgs } from 'node:util'
import { randomUUID } from 'node:crypto'
import { loadConfig } from '../config.ts'
import { applyMigrations } from './schema-engine.ts'
import { openDatabase } from './client.ts'
import { transaction } from './sql.ts'
import { insertRows } from './bulk-write.ts'
import { catchUpSearchIndex } from './message-search.ts'

const { values } = parseArgs({ options: { citizens: { type: 'string', default: '1000' }, messages: { type: 'string', default: '10000' } } })
const citizens = Number(values.citizens)
const messages = Number(values.messages)
if (!(citizens > 0) || !(messages >= citizens)) {
  console.error('usage: npm run seed:large -- --citizens N --messages M (M ≥ N > 0)')
  process.exit(1)
}

const QUESTIONS = ['Bonjour, à quelle heure ouvre la mairie samedi ?', 'Il y a un nid de poule rue des Lilas', 'Comment refaire ma carte d\'identité ?',
  'Le lampadaire devant le 12 est en panne', 'Quand passe la collecte des encombrants ?', 'Hello, when is the swimming pool open?',
  'Je voudrais inscrire mon fils à la cantine', 'Des poubelles débordent place du marché', 'Où en est ma demande ?', 'Merci beaucoup !']
const ANSWERS = ['La mairie est ouverte du lundi au vendredi de 8 h 30 à 12 h et de 13 h 30 à 17 h.', 'Merci, votre signalement est enregistré.',
  'Pour une carte d\'identité, prenez rendez-vous en ligne.', 'Je transmets aux services techniques.', 'Un agent va vous répondre.']
const KINDS = [['phone', 'twilio'], ['phone', 'twilio'], ['email', 'email'], ['webchat', 'webchat'], ['webchat', 'webchat'], ['whatsapp', 'twilio'], ['botframework', 'botframework']] as const
const YEAR_MS = 365 * 86_400_000
const CHUNK = 2_000 // citizens per transaction

function progress (done: number, startedAt: number): void {
  const width = 30
  const filled = Math.round(width * done / messages)
  const rate = done / ((Date.now() - startedAt) / 1000)
  process.stderr.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.floor(100 * done / messages)}% ${done.toLocaleString('en')}/${messages.toLocaleString('en')} messages, ${Math.round(rate).toLocaleString('en')}/s   `)
}

const config = loadConfig()
await applyMigrations(config.databaseUrl)
const { db, close, provider } = await openDatabase(config.databaseUrl)
const run = randomUUID().slice(0, 6) // several runs add up instead of colliding
const now = Date.now()
const startedAt = Date.now()
let written = 0
for (let first = 0; first < citizens; first += CHUNK) {
  const last = Math.min(citizens, first + CHUNK)
  const rows = { Citizen: [] as Record<string, unknown>[], Identity: [] as Record<string, unknown>[], Conversation: [] as Record<string, unknown>[], Message: [] as Record<string, unknown>[] }
  for (let c = first; c < last; c++) {
    // This citizen's share of the messages, so that the total is exact.
    const count = Math.floor(messages * (c + 1) / citizens) - Math.floor(messages * c / citizens)
    const [kind, channel] = KINDS[c % KINDS.length]!
    const citizenId = `seed${run}c${c}`
    const identityId = `seed${run}i${c}`
    const value = kind === 'email' ? `habitant.${run}.${c}@example.org` : kind === 'phone' || kind === 'whatsapp' ? `+33699${String(c).padStart(6, '0').slice(-6)}${run.length}` : `seed-${run}-${c}`
    const start = new Date(now - YEAR_MS + Math.floor(((c * 7919) % citizens) / citizens * (YEAR_MS - 86_400_000)))
    rows.Citizen.push({ id: citizenId, lang: c % 6 === 5 ? 'en' : 'fr', createdAt: start, updatedAt: start })
    rows.Identity.push({ id: identityId, kind, value: kind === 'phone' || kind === 'whatsapp' ? `${value}${c}` : value, citizenId, verified: true, createdAt: start, lastInboundAt: start })
    const conversations = count >= 8 ? 2 : 1
    for (let k = 0; k < conversations; k++) {
      const conversationId = `seed${run}v${c}-${k}`
      const inConversation = Math.floor(count * (k + 1) / conversations) - Math.floor(count * k / conversations)
      const convStart = start.getTime() + k * 3 * 86_400_000
      let at = convStart
      for (let m = 0; m < inConversation; m++) {
        at += 30_000 + ((c * 31 + m * 17) % 600_000)
        const inbound = m % 2 === 0
        rows.Message.push({
          conversationId, citizenId, direction: inbound ? 'inbound' : 'outbound', author: inbound ? 'citizen' : 'bot', channel,
          text: inbound ? QUESTIONS[(c + m) % QUESTIONS.length] : ANSWERS[(c + m) % ANSWERS.length],
          externalId: inbound ? `seed-${run}-${c}-${k}-${m}` : null, deliveryStatus: inbound ? null : 'delivered', isAutomatic: !inbound,
          processedAt: inbound ? new Date(at) : null, createdAt: new Date(at),
        })
      }
      const closed = at < now - 30 * 86_400_000
      rows.Conversation.push({
        id: conversationId, citizenId, channel, identityId, holder: 'bot', status: closed ? 'closed' : 'open', needsHuman: !closed && c % 11 === 0,
        lang: c % 6 === 5 ? 'en' : 'fr', misunderstandings: 0, lastMessageAt: new Date(at), firstResponseAt: new Date(convStart + 60_000),
        createdAt: new Date(convStart), updatedAt: new Date(at),
      })
    }
  }
  await transaction(db, async sql => {
    for (const table of ['Citizen', 'Identity', 'Conversation', 'Message'] as const) await insertRows(sql, table, rows[table] as never)
  })
  written += rows.Message.length
  progress(written, startedAt)
}
process.stderr.write('\n')
// SQLite's search index takes new messages in batches (the app does it every second): all of them now.
if (provider === 'sqlite') await catchUpSearchIndex(db, 50_000)
// The planners' statistics, as after a year of autovacuum: without them PostgreSQL read the inbox
// list 7 times slower (397 ms against 56 ms at 1 M messages).
await db.$executeRawUnsafe('ANALYZE')
console.log(JSON.stringify({ citizens, messages: written, seconds: Math.round((Date.now() - startedAt) / 100) / 10, database: config.databaseUrl.startsWith('file:') ? 'sqlite' : 'postgresql' }))
await close()

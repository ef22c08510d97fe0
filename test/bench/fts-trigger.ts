// npx tsx test/bench/fts-trigger.ts [--messages 20000] [--per-statement 32] [--runs 3]
// CPU per message of the Message table's writes on SQLite, with the FTS5 trigger of the
// message_search migration and without: a Message-like table with the same four indexes, WAL mode;
// each message is its row, then (second transaction) the processed UPDATE and the reply's row,
// then (third) the sent UPDATE, 32 messages per transaction, rows inserted `--per-statement` per
// INSERT (src/db/bulk-write.ts inserts many per statement). Variants: the trigger; no FTS5 at all;
// one INSERT … SELECT into the index per 320 messages; the same after each batch, in its transaction.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'

const { values } = parseArgs({ options: { messages: { type: 'string', default: '20000' }, 'per-statement': { type: 'string', default: '32' }, runs: { type: 'string', default: '3' } } })
const MESSAGES = Number(values.messages), PER = Number(values['per-statement']), RUNS = Number(values.runs), BATCH = 32
if (BATCH % PER !== 0) throw new Error('--per-statement must divide 32')
const TEXTS = ['bonjour', 'quels sont les horaires de la mairie ?', 'merci beaucoup', 'hello, what are the opening hours of the town hall?']
const REPLY = 'La mairie est ouverte du lundi au vendredi de 8 h 30 à 12 h et de 13 h 30 à 17 h 30, le samedi de 9 h à 12 h.'
const VARIANTS = ['trigger', 'no FTS5', 'bulk per 320 messages', 'bulk per batch'] as const
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fts-trigger-'))
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system }

function run (variant: typeof VARIANTS[number]): number {
  const file = path.join(dir, 'm.db')
  for (const s of ['', '-wal', '-shm']) fs.rmSync(file + s, { force: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.exec(`CREATE TABLE "Message" (id INTEGER PRIMARY KEY AUTOINCREMENT, conversationId TEXT NOT NULL, citizenId TEXT NOT NULL, direction TEXT, author TEXT, channel TEXT, text TEXT, intent TEXT, externalId TEXT, providerMessageId TEXT, deliveryStatus TEXT, processedAt TEXT, createdAt TEXT);
    CREATE UNIQUE INDEX m_u ON "Message"(channel, externalId); CREATE INDEX m_c ON "Message"(conversationId, id);
    CREATE INDEX m_p ON "Message"(providerMessageId); CREATE INDEX m_pa ON "Message"(processedAt);`)
  if (variant !== 'no FTS5') db.exec(`CREATE VIRTUAL TABLE message_fts USING fts5(text, content='Message', content_rowid='id', tokenize='unicode61 remove_diacritics 2')`)
  if (variant === 'trigger') db.exec('CREATE TRIGGER t AFTER INSERT ON "Message" BEGIN INSERT INTO message_fts(rowid, text) VALUES (new.id, new.text); END')
  const insert = db.prepare(`INSERT INTO "Message"(conversationId, citizenId, direction, author, channel, text, externalId, createdAt) VALUES ${new Array(PER).fill('(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} RETURNING id`)
  const processed = db.prepare('UPDATE "Message" SET processedAt = ?, intent = ? WHERE id = ? AND processedAt IS NULL')
  const sent = db.prepare('UPDATE "Message" SET providerMessageId = ?, deliveryStatus = ? WHERE id = ?')
  const catchUp = variant.startsWith('bulk') ? db.prepare('INSERT INTO message_fts(rowid, text) SELECT id, text FROM "Message" WHERE id > ? ORDER BY id') : null
  const maxId = db.prepare('SELECT max(id) AS m FROM "Message"')
  let indexed = 0
  const index = () => { catchUp!.run(indexed); indexed = (maxId.get() as { m: number }).m }
  const insertAll = (rows: unknown[][]): number[] => {
    const ids: number[] = []
    for (let i = 0; i < rows.length; i += PER) ids.push(...(insert.all(...rows.slice(i, i + PER).flat()) as { id: number }[]).map(r => r.id))
    return ids
  }
  let n = 0
  const start = cpu()
  for (let b = 0; b < MESSAGES / BATCH; b++) {
    db.exec('BEGIN IMMEDIATE')
    const inbound: unknown[][] = []
    for (let i = 0; i < BATCH; i++, n++) inbound.push([`conv${n % 500}`, `cit${n % 500}`, 'inbound', 'citizen', 'webchat', TEXTS[n % TEXTS.length], `${Date.now().toString(36)}-${n}:s${n % 500}`, new Date().toISOString()])
    const ids = insertAll(inbound)
    if (variant === 'bulk per batch') index()
    db.exec('COMMIT')
    db.exec('BEGIN IMMEDIATE')
    const now = new Date().toISOString()
    for (const id of ids) processed.run(now, 'opening_hours', id)
    const replies = insertAll(ids.map(id => [`conv${id % 500}`, `cit${id % 500}`, 'outbound', 'bot', 'webchat', REPLY, null, now]))
    if (variant === 'bulk per batch') index()
    db.exec('COMMIT')
    db.exec('BEGIN IMMEDIATE')
    for (const id of replies) sent.run(`webchat-${id}`, 'sent', id)
    db.exec('COMMIT')
    if (variant === 'bulk per 320 messages' && b % 10 === 9) { db.exec('BEGIN IMMEDIATE'); index(); db.exec('COMMIT') }
  }
  const perMessage = (cpu() - start) / MESSAGES
  db.close()
  return perMessage
}

const results = new Map<string, number[]>(VARIANTS.map(v => [v, []]))
for (let r = 0; r < RUNS; r++) for (const v of VARIANTS) results.get(v)!.push(run(v))
console.log(`µs CPU per message, ${PER} row(s) per INSERT, ${RUNS} runs (load ${os.loadavg()[0].toFixed(1)}):`)
for (const [v, xs] of results) console.log(`  ${v.padEnd(22)} ${xs.map(x => x.toFixed(1)).join(' ')}`)
fs.rmSync(dir, { recursive: true, force: true })

// Documentation of the agents' API and the channels' webhooks for GET /api/openapi.json (issue 17),
// given to @fastify/swagger's transform for routes that declare no schema of their own. Used only
// to write the document: nothing here validates or serialises a request (the handlers name each
// bad field themselves, 4xx bodies stay {error, message}). A route's own schema wins.

type Doc = { summary: string, tags: string[], description?: string, body?: Record<string, string>, query?: Record<string, string>, secured?: boolean }

const AGENT = 'Agents'
const ADMIN = 'Administrators'
const CHANNEL = 'Channels'
const ERRORS = 'Errors: {"error","message"} with the status of the table in README.md.'

const DOCS: Record<string, Doc> = {
  'POST /api/auth/login': { summary: 'Sign in: a session cookie and {"token"} for scripts', tags: [AGENT], body: { email: 'string', password: 'string' }, secured: false },
  'POST /api/auth/logout': { summary: 'Sign out', tags: [AGENT] },
  'GET /api/auth/me': { summary: 'The signed-in agent', tags: [AGENT] },
  'GET /api/conversations': { summary: 'Conversations, newest first', tags: [AGENT], query: { status: 'open | closed | …', channel: 'webchat | twilio | email | botframework', q: 'text search' } },
  'GET /api/conversations/:id': { summary: 'A conversation with its messages', tags: [AGENT] },
  'POST /api/conversations/:id/takeover': { summary: 'An agent takes the conversation: the assistant stops answering', tags: [AGENT] },
  'POST /api/conversations/:id/handback': { summary: 'The assistant answers again', tags: [AGENT] },
  'POST /api/conversations/:id/messages': { summary: 'Send a message to the citizen on the conversation\'s channel', tags: [AGENT], body: { text: 'string' } },
  'POST /api/conversations/:id/notes': { summary: 'An internal note on the conversation', tags: [AGENT], body: { text: 'string' } },
  'POST /api/conversations/:id/assign': { summary: 'Assign the conversation to an agent', tags: [AGENT], body: { agentId: 'string' } },
  'POST /api/conversations/:id/messages/:messageId/resend': { summary: 'Send a failed message again', tags: [AGENT] },
  'GET /api/citizens/:id': { summary: 'A citizen: identities and one timeline across channels', tags: [AGENT] },
  'POST /api/citizens/:id/merge': { summary: 'Merge this citizen into another (audited, reversible)', tags: [AGENT], body: { intoCitizenId: 'string' } },
  'POST /api/citizen-merges/:id/undo': { summary: 'Undo a merge', tags: [AGENT] },
  'GET /api/citizens/:id/export': { summary: 'Everything held on a citizen (RGPD access), managers', tags: [AGENT] },
  'GET /api/citizens/:id/erasure': { summary: 'Preview of an erasure (RGPD), administrators', tags: [ADMIN] },
  'POST /api/citizens/:id/erasure': { summary: 'Erase a citizen (RGPD), administrators', tags: [ADMIN], body: { confirm: 'true' } },
  'GET /api/tickets': { summary: 'Tickets, newest first (200 at most)', tags: [AGENT], query: { status: 'new | in_progress | waiting_citizen | resolved | closed', category: 'category code' } },
  'POST /api/tickets': { summary: 'Open a ticket for a citizen', tags: [AGENT], body: { citizenId: 'string, required', category: 'category code, required', description: 'string, required', title: 'string', address: 'string', latitude: 'number', longitude: 'number', conversationId: 'string' } },
  'GET /api/tickets/:id': { summary: 'A ticket with its timeline (id or DEM-… reference)', tags: [AGENT] },
  'PATCH /api/tickets/:id': { summary: 'Change a ticket: the citizen is told of a new status', tags: [AGENT], description: 'publicNote is sent to the citizen and published by Open311 (redacted); note stays internal.', body: { status: 'new | in_progress | waiting_citizen | resolved | closed', note: 'internal note', publicNote: 'note for the citizen and Open311', question: 'required with waiting_citizen', decision: 'accepted | refused (formal requests)' } },
  'GET /api/agents': { summary: 'Agents', tags: [ADMIN] },
  'POST /api/agents': { summary: 'Create or update an agent', tags: [ADMIN], body: { email: 'string', password: 'string', name: 'string', role: 'agent | manager | admin' } },
  'POST /api/api-keys': { summary: 'A new Open311 api_key, shown once', tags: [ADMIN], body: { name: 'string' } },
  'GET /api/api-keys': { summary: 'Open311 keys (never the key itself)', tags: [ADMIN] },
  'DELETE /api/api-keys/:id': { summary: 'Revoke an Open311 key', tags: [ADMIN] },
  'GET /api/canned-responses': { summary: 'Canned responses', tags: [AGENT], query: { lang: 'fr | en' } },
  'GET /api/inbox/ticket-categories': { summary: 'Ticket categories for the inbox', tags: [AGENT] },
  'GET /api/search': { summary: 'Search conversations and tickets (managers)', tags: [AGENT] },
  'GET /api/search.csv': { summary: 'The same search as CSV rows: every match (not capped at 500), streamed', tags: [AGENT] },
  'GET /api/stats': { summary: 'Figures for managers', tags: [AGENT] },
  'GET /api/town/unanswered': { summary: 'Questions the assistant did not understand, grouped by similarity with counts and examples (managers)', tags: [AGENT], query: { from: 'YYYY-MM-DD (default: 30 days before to)', to: 'YYYY-MM-DD, inclusive (default: now)' } },
  'POST /api/town/unanswered/:group/faq': { summary: 'An FAQ entry from a group of unanswered questions → 201 {id} (administrators)', tags: [ADMIN], description: 'The group\'s messages become the questions unless the body gives them; validated, audited and answered in conversations like POST /api/town/faq.', body: { answer: '{fr, en}, required', link: 'URL', tags: 'string[]', questions: '{fr: string[], en: string[]}' } },
  'POST /api/town/unanswered/:group/proposal': { summary: 'Propose a group of unanswered questions to the administrators as an FAQ entry → 201 {id} (managers)', tags: [AGENT], description: 'One click: an inactive entry with the group\'s messages as its questions and a placeholder answer, tagged "proposition", which an administrator completes and activates. Audited; proposing the same group again returns 200 with the same id.' },
  'POST /channels/webchat/sessions': { summary: 'Open a web chat session → 201 {sessionId, token}', tags: [CHANNEL], secured: false },
  'POST /channels/webchat/sessions/:id/messages': { summary: 'A citizen\'s message (Authorization: Bearer <session token>) → 202 {messageId}', tags: [CHANNEL], body: { text: 'string' }, secured: false },
  'GET /channels/webchat/sessions/:id/messages': { summary: 'The session\'s messages after a message id', tags: [CHANNEL], query: { after: 'message id' }, secured: false },
  'POST /channels/twilio/messages': { summary: 'Twilio incoming-message webhook (form-encoded, X-Twilio-Signature)', tags: [CHANNEL], secured: false },
  'POST /channels/twilio/status': { summary: 'Twilio status callbacks', tags: [CHANNEL], secured: false },
  'POST /channels/botframework/messages': { summary: 'Bot Framework activities (Teams, Messenger, Azure Bot Service)', tags: [CHANNEL], secured: false },
  'POST /channels/slack/events': { summary: 'Slack events, interactivity and slash commands (signed)', tags: [CHANNEL], secured: false },
}

function schemaOf (doc: Doc, url: string) {
  const params = [...url.matchAll(/:(\w+)/g)].map(m => m[1])
  const described = (fields: Record<string, string>) => ({ type: 'object', properties: Object.fromEntries(Object.entries(fields).map(([k, d]) => [k, { description: d }])) })
  return {
    summary: doc.summary,
    tags: doc.tags,
    description: [doc.description, ERRORS].filter(Boolean).join(' '),
    ...(doc.secured === false ? {} : { security: [{ bearer: [] }] }),
    ...(params.length ? { params: { type: 'object', properties: Object.fromEntries(params.map(p => [p, { type: 'string' }])) } } : {}),
    ...(doc.query ? { querystring: described(doc.query) } : {}),
    ...(doc.body ? { body: described(doc.body) } : {}),
  }
}

/** The documentation of a route without a schema, by method and URL; undefined when none is written. */
export function docSchemaFor (method: string | string[], url: string) {
  const methods = Array.isArray(method) ? method : [method]
  const doc = methods.map(m => DOCS[`${m} ${url}`]).find(Boolean)
  return doc && schemaOf(doc, url)
}

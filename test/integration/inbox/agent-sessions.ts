// Agents for the inbox tests: created in the database, signed in through the real login route.
import { hashPassword } from '../../../src/auth/passwords.ts'
import type { AgentRole } from '../../../src/domain.ts'
import type { TestApp } from '../../helpers/test-app.ts'

export const PASSWORD = 'correct horse battery'

export type SignedIn = { id: string, email: string, token: string, csrfToken: string, cookie: string, bearer: { authorization: string } }

let hashed: Promise<string> | undefined

export async function signedInAgent (t: TestApp, role: AgentRole, name: string = role): Promise<SignedIn> {
  const email = `${name}-${Math.random().toString(36).slice(2, 8)}@mairie.test`
  hashed ??= hashPassword(PASSWORD)
  const agent = await t.database.db.agent.create({ data: { email, name, role, passwordHash: await hashed } })
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: PASSWORD } })
  if (res.statusCode !== 200) throw new Error(`login: ${res.statusCode} ${res.body}`)
  const { token, csrfToken } = res.json() as { token: string, csrfToken: string }
  const cookie = String(res.headers['set-cookie']).split(';')[0]
  return { id: agent.id, email, token, csrfToken, cookie, bearer: { authorization: `Bearer ${token}` } }
}

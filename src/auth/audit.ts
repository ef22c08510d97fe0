// Every agent action is an AuditEvent: who, what, when, on what. Never message bodies (privacy).
// The writing is the audit log repository's (src/db/audit-log.ts); routes import it from here.
export { recordAudit, type AuditInput } from '../db/audit-log.ts'

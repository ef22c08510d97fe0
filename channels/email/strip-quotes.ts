// What the classifier should read of an email: the citizen's new words only. Quoted history
// ("Le … a écrit :", "On … wrote:", "> …", Outlook's header block) and the signature ("-- ")
// are cut; the message keeps the full original text for agents.

const ATTRIBUTION_END = /(a\s+écrit|a\s+ecrit|wrote|schrieb|escribió)\s*:\s*$/i
const ATTRIBUTION_START = /^\s*(le|on|am|el)\s+\S/i
const ORIGINAL_MESSAGE = /^\s*-{2,}\s*(original message|message d'origine|message original|forwarded message|message transféré|message transfere)\s*-{2,}/i
const OUTLOOK_FROM = /^\s*\*?(de|from)\s*:\*?\s+\S/i
const OUTLOOK_NEXT = /^\s*\*?(envoyé|envoye|sent|date|à|to|objet|subject)\s*:/i
const SIGNATURE = /^--\s?$/
const MOBILE_FOOTER = /^\s*(envoyé de mon|sent from my|envoyé depuis|get outlook for)\b/i
const UNDERSCORES = /^\s*_{8,}\s*$/

export function stripQuotesAndSignature (text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const kept: string[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (isHistoryStart(line, lines[i + 1])) break
    if (/^\s*>/.test(line) || MOBILE_FOOTER.test(line)) continue
    kept.push(line)
  }
  return kept.join('\n').replace(/\n{3,}/g, '\n\n').trim()
}

function isHistoryStart (line: string, next: string | undefined): boolean {
  if (SIGNATURE.test(line) || ORIGINAL_MESSAGE.test(line) || UNDERSCORES.test(line)) return true
  if (ATTRIBUTION_START.test(line) && ATTRIBUTION_END.test(line)) return true
  // Gmail wraps long attributions: "Le lun. 3 nov. 2026 à 10:00, Jean <j@x.fr>" / "a écrit :"
  if (ATTRIBUTION_START.test(line) && next !== undefined && ATTRIBUTION_END.test(next) && next.trim().length < 40) return true
  return OUTLOOK_FROM.test(line) && next !== undefined && OUTLOOK_NEXT.test(next)
}

// A ticket's title from free text (issue 17): one line, the first sentence, at most 80
// characters cut on a word boundary. « Arbre tombé.\r\nIl bloque la rue » → « Arbre tombé ».
const MAX = 80

export function ticketTitle (text: string, fallback: string): string {
  const line = text.replace(/[\u0000-\u001F\u007F\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim()
  const sentence = /^(.+?[^.\d][.!?…])(?:\s|$)/.exec(line)?.[1] ?? line
  const first = sentence.replace(/\.$/, '').trim()
  if (!first) return fallback
  if (first.length <= MAX) return first
  const cut = first.slice(0, MAX - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > MAX / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:–-]+$/, '')}…`
}

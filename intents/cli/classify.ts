// npm run -s classify — JSON lines {"text","lang"?} in, one JSON line
// {"intent","confidence","lang","entities"} out per input line, in order (CONTRACT.md, Intents).
// A malformed line gets {"error"} in its place so callers can keep lines aligned.
import { createInterface } from 'node:readline'
import { getDefaultClassifier } from '../classifier.ts'

// A closed pipe (`| head`) is a normal end for a CLI, not a crash.
process.stdout.on('error', error => { if ((error as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0); throw error })

type Input = { text: string, lang?: 'fr' | 'en' }

const parseLine = (line: string): Input | string => {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return 'invalid JSON'
  }
  if (typeof value !== 'object' || value === null) return 'expected a JSON object'
  const { text, lang } = value as { text?: unknown, lang?: unknown }
  if (typeof text !== 'string') return '"text" must be a string'
  if (lang !== undefined && lang !== null && lang !== 'fr' && lang !== 'en') return '"lang" must be "fr" or "en"'
  return { text, lang: lang ?? undefined }
}

const main = async (): Promise<void> => {
  const classifier = getDefaultClassifier()
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })
  let buffer = ''
  for await (const line of lines) {
    const input = parseLine(line)
    if (typeof input === 'string') {
      buffer += `${JSON.stringify({ error: input })}\n`
    } else {
      const { intent, confidence, lang, entities } = classifier.classify(input.text, input.lang)
      buffer += `${JSON.stringify({ intent, confidence, lang, entities })}\n`
    }
    // write in chunks: one write per line is the bottleneck on thousands of lines
    if (buffer.length > 64_000) {
      process.stdout.write(buffer)
      buffer = ''
    }
  }
  process.stdout.write(buffer)
}

await main()

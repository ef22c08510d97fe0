// Dialog stories (issue 16): multi-turn conversations written as data (intents/stories/*.yaml), played
// against the real core. Each turn says something and states what the citizen must see or get.
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export type StoryChannel = 'webchat' | 'twilio' | 'email'

export type Expectation = {
  /** Regular expressions (case-insensitive) the turn's replies must all match, joined; non-breaking spaces read as spaces. */
  reply?: string[]
  /** Regular expressions the replies must not match. */
  not?: string[]
  /** At least one reply (true) or none (false). */
  answered?: boolean
  /** The intent recorded on the citizen's message. */
  intent?: string
  /** Tickets of this citizen after the turn. */
  tickets?: number
  /** Citizen notes (citizen_reply events) on this citizen's tickets after the turn. */
  notes?: number
  /** Alert topics this citizen is subscribed to after the turn. */
  subscriptions?: string[]
  /** Who holds the conversation after the turn. */
  holder?: 'bot' | 'agent'
}

export type Turn = { say: string } & Expectation
export type Story = { story: string, file: string, channel: StoryChannel, rules: string[], turns: Turn[] }

const DIR = fileURLToPath(new URL('../../intents/stories/', import.meta.url))

const asStrings = (value: unknown): string[] | undefined =>
  value === undefined ? undefined : (Array.isArray(value) ? value : [value]).map(String)

/** Every story of intents/stories/*.yaml, checked for shape. */
export const loadStories = (dir = DIR): Story[] => {
  const stories: Story[] = []
  for (const file of readdirSync(dir).filter(f => f.endsWith('.yaml')).sort()) {
    const items = parse(readFileSync(`${dir}${file}`, 'utf8')) as unknown
    if (!Array.isArray(items)) throw new Error(`${file}: expected a list of stories`)
    for (const [i, raw] of items.entries()) {
      const item = raw as Record<string, unknown>
      const where = `${file} #${i + 1}`
      if (typeof item.story !== 'string' || !Array.isArray(item.turns) || item.turns.length === 0) throw new Error(`${where}: needs "story" and "turns"`)
      const channel = (item.channel ?? 'webchat') as StoryChannel
      if (!['webchat', 'twilio', 'email'].includes(channel)) throw new Error(`${where}: channel must be webchat, twilio or email`)
      const turns = (item.turns as Record<string, unknown>[]).map((turn, k) => {
        if (typeof turn.say !== 'string') throw new Error(`${where} turn ${k + 1}: needs "say"`)
        return { ...turn, say: turn.say, reply: asStrings(turn.reply), not: asStrings(turn.not), subscriptions: asStrings(turn.subscriptions) } as Turn
      })
      stories.push({ story: item.story, file, channel, rules: asStrings(item.rules) ?? [], turns })
    }
  }
  return stories
}

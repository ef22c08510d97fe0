// Slack settings: the agents' side (one thread per conversation in the inbox channel).
import { ConfigError } from '../../src/errors.ts'

export type SlackConfig = { botToken: string, signingSecret: string, inboxChannel: string, apiUrl?: string }

export function readSlackConfig (env: NodeJS.ProcessEnv): SlackConfig | undefined {
  const names = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_INBOX_CHANNEL'] as const
  const set = names.filter(n => env[n])
  if (set.length === 0) return undefined
  const missing = names.filter(n => !env[n])
  if (missing.length) throw new ConfigError(`${missing.join(', ')} must be set with ${set.join(', ')} (Slack)`)
  if (env.SLACK_API_URL && !/^https?:\/\//.test(env.SLACK_API_URL)) throw new ConfigError('SLACK_API_URL must be an http(s) URL')
  return { botToken: env.SLACK_BOT_TOKEN!, signingSecret: env.SLACK_SIGNING_SECRET!, inboxChannel: env.SLACK_INBOX_CHANNEL!, apiUrl: env.SLACK_API_URL || undefined }
}

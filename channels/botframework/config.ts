// Bot Framework settings (Teams, Messenger, Web Chat through Azure Bot Service).
import { ConfigError } from '../../src/errors.ts'

export type BotFrameworkConfig = {
  appId: string
  appPassword?: string
  appTenantId?: string
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI'
  /** Explicit, for the Bot Framework Emulator and tests only. */
  authDisabled: boolean
  /** Where the channel's signing keys are published (Microsoft's by default; a local one in tests). */
  openIdMetadataUrl?: string
  tokenIssuer?: string
}

const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const

export function readBotFrameworkConfig (env: NodeJS.ProcessEnv): BotFrameworkConfig | undefined {
  const appId = env.MICROSOFT_APP_ID || ''
  const authDisabled = env.BOTFRAMEWORK_AUTH === 'disabled'
  if (!appId && !authDisabled && !env.MICROSOFT_APP_PASSWORD) return undefined
  if (env.BOTFRAMEWORK_AUTH && !['disabled', 'enabled'].includes(env.BOTFRAMEWORK_AUTH)) {
    throw new ConfigError(`BOTFRAMEWORK_AUTH must be disabled or enabled (got "${env.BOTFRAMEWORK_AUTH}")`)
  }
  // The one NODE_ENV check of the project, asked for by CONTRACT.md: never run unauthenticated in production.
  if (authDisabled && env.NODE_ENV === 'production') throw new ConfigError('BOTFRAMEWORK_AUTH=disabled is refused when NODE_ENV=production')
  const appType = (env.MICROSOFT_APP_TYPE || 'MultiTenant') as BotFrameworkConfig['appType']
  if (!APP_TYPES.includes(appType)) throw new ConfigError(`MICROSOFT_APP_TYPE must be one of ${APP_TYPES.join(', ')} (got "${appType}")`)
  if (!authDisabled) {
    if (!appId) throw new ConfigError('MICROSOFT_APP_ID is required (or BOTFRAMEWORK_AUTH=disabled for the Emulator)')
    if (appType !== 'UserAssignedMSI' && !env.MICROSOFT_APP_PASSWORD) throw new ConfigError('MICROSOFT_APP_PASSWORD is required with MICROSOFT_APP_ID')
    if (appType === 'SingleTenant' && !env.MICROSOFT_APP_TENANT_ID) throw new ConfigError('MICROSOFT_APP_TENANT_ID is required when MICROSOFT_APP_TYPE=SingleTenant')
  }
  return {
    appId: authDisabled ? '' : appId,
    appPassword: env.MICROSOFT_APP_PASSWORD || undefined,
    appTenantId: env.MICROSOFT_APP_TENANT_ID || undefined,
    appType,
    authDisabled,
    openIdMetadataUrl: env.BOTFRAMEWORK_OPENID_METADATA_URL || undefined,
    tokenIssuer: env.BOTFRAMEWORK_TOKEN_ISSUER || undefined,
  }
}

// Teams, Messenger and Web Chat through Azure Bot Service. Proactive sends (replies, status
// updates) use the ConversationReference stored on the identity at inbound time.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConversationReference } from 'botbuilder'
import type { ChannelAdapter, ChannelModule } from '../../src/core/channel.ts'
import { ChannelSendError } from '../../src/core/channel.ts'
import { readBotFrameworkConfig, type BotFrameworkConfig } from './config.ts'
import { botFrameworkRoutes } from './routes.ts'
import { classifyBotFrameworkError } from './errors.ts'

export function createBotFrameworkChannel (config: BotFrameworkConfig): ChannelAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication(config.authDisabled
    ? {}
    : {
        MicrosoftAppId: config.appId,
        MicrosoftAppPassword: config.appPassword,
        MicrosoftAppTenantId: config.appTenantId,
        MicrosoftAppType: config.appType,
        ...(config.openIdMetadataUrl ? { ToBotFromChannelOpenIdMetadataUrl: config.openIdMetadataUrl } : {}),
        ...(config.tokenIssuer ? { ToBotFromChannelTokenIssuer: config.tokenIssuer } : {}),
      } as never)
  const adapter = new CloudAdapter(auth)
  return {
    name: 'botframework',
    maxTextLength: 4000,
    routes: botFrameworkRoutes(adapter),
    async send (message) {
      const reference = message.replyContext as Partial<ConversationReference> | undefined
      if (!reference?.conversation?.id || !reference.serviceUrl) {
        throw new ChannelSendError('No conversation reference stored for this Bot Framework user', false)
      }
      let id: string | undefined
      try {
        await adapter.continueConversationAsync(config.appId, reference, async (turn) => {
          id = (await turn.sendActivity({ type: 'message', text: message.text, textFormat: 'plain', locale: message.lang === 'en' ? 'en-GB' : 'fr-FR' }))?.id
        })
      } catch (error) {
        throw classifyBotFrameworkError(error)
      }
      return { providerMessageId: id ?? `bf-${message.outboxId}`, status: 'sent' }
    },
  }
}

export const botframework: ChannelModule = {
  name: 'botframework',
  fromEnv (env) {
    const config = readBotFrameworkConfig(env)
    return config && createBotFrameworkChannel(config)
  },
}

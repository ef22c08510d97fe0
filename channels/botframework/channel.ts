// Teams, Messenger and Web Chat through Azure Bot Service. Proactive sends (replies, status
// updates) use the ConversationReference of the user's latest activity: the channel's reply
// reference, kept by the core per address.
//
// Why not CloudAdapter.process / continueConversationAsync: both build, for every activity, a
// TurnContext, a ConnectorClient (an HTTP pipeline of a dozen policies), a UserTokenClient and
// credentials, none of which the core needs (it answers later, through the outbox). That was
// ≈1 ms of CPU per activity. Here the SDK still checks every activity's JWT
// (BotFrameworkAuthentication.authenticateRequest) and still sends through its ConnectorClient,
// but one client per service URL is kept, with its credentials and their cached token.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, TurnContext, type Activity, type ConversationReference } from 'botbuilder'
import type { ChannelAdapter } from '../../src/core/channel.ts'
import { ChannelSendError } from '../../src/core/channel.ts'
import type { BotFrameworkConfig } from './config.ts'
import { botFrameworkRoutes } from './routes.ts'
import { classifyBotFrameworkError } from './errors.ts'

type ConnectorClient = Awaited<ReturnType<ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>['create']>>

// The claims a proactive send runs under, as CloudAdapter builds them (a protected helper there).
class ProactiveClaims extends CloudAdapter {
  of (appId: string) { return this.createClaimsIdentity(appId) }
}

// Service URLs are a handful per region and channel; the bound only guards against a flood of forged ones.
const MAX_CLIENTS = 100

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
  // What continueConversationAsync would do for a proactive send, once per service URL.
  const connectors = auth.createConnectorFactory(new ProactiveClaims(auth).of(config.appId))
  const clients = new Map<string, Promise<ConnectorClient>>()
  const clientFor = (serviceUrl: string): Promise<ConnectorClient> => {
    let client = clients.get(serviceUrl)
    if (!client) {
      if (clients.size >= MAX_CLIENTS) clients.clear()
      client = connectors.create(serviceUrl, undefined)
      client.catch(() => clients.delete(serviceUrl))
      clients.set(serviceUrl, client)
    }
    return client
  }
  return {
    name: 'botframework',
    maxTextLength: 4000,
    // The user's latest reference serves every conversation (service URLs change; proactive sends).
    replyReferenceScope: 'address',
    routes: botFrameworkRoutes(auth),
    async send (message) {
      const reference = message.replyReference as Partial<ConversationReference> | undefined
      if (!reference?.conversation?.id || !reference.serviceUrl) {
        throw new ChannelSendError('No conversation reference stored for this Bot Framework user', false)
      }
      // As TurnContext.sendActivity does: the reference addresses the activity (and makes it a reply to the user's).
      const activity = TurnContext.applyConversationReference({ type: 'message', text: message.text, textFormat: 'plain', locale: message.lang === 'en' ? 'en-GB' : 'fr-FR' }, reference) as Activity
      let id: string | undefined
      try {
        const client = await clientFor(reference.serviceUrl)
        const sent = activity.replyToId
          ? await client.conversations.replyToActivity(activity.conversation.id, activity.replyToId, activity)
          : await client.conversations.sendToConversation(activity.conversation.id, activity)
        id = sent?.id
      } catch (error) {
        throw classifyBotFrameworkError(error)
      }
      return { providerMessageId: id ?? `bf-${message.outboxId}`, status: 'sent' }
    },
  }
}

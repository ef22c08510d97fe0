// The public one-click unsubscribe (issue 20, RFC 8058). The mail's List-Unsubscribe header and
// its footer link point at /alerts/unsubscribe?t=<signed token>:
//   - POST (a mail client's one-click, body "List-Unsubscribe=One-Click", or the page's button)
//     unsubscribes at once;
//   - GET only shows a page with that button: link scanners that open every URL unsubscribe nobody.
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import type { RouteDeps } from '../http/route-deps.ts'
import { AppError } from '../errors.ts'
import { PAGES_CSP } from '../http/security.ts'
import { changeSubscriptionNow, subscriptionsOfIdentity } from '../db/alert-subscriptions.ts'
import { findAlertTopic } from '../db/alert-topics.ts'
import { readUnsubscribeToken, unsubscribeSecret } from './unsubscribe-token.ts'
import { fileResponse, HandCheckedBody, TAGS } from '../http/schemas.ts'
import { Type } from '@fastify/type-provider-typebox'

const Token = Type.Object({ t: Type.Optional(Type.String({ description: 'The signed token of the mail\'s link' })) })

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)

function page (reply: FastifyReply, title: string, body: string) {
  return reply.header('content-security-policy', PAGES_CSP).header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer').header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>\n<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>\n<body><main>\n<h1>${escapeHtml(title)}</h1>\n${body}\n</main></body></html>\n`)
}

export const unsubscribePages: FastifyPluginAsync<RouteDeps> = async (app, { store, config }) => {
  const read = async (token: unknown) => {
    if (typeof token !== 'string' || token.length > 300) throw new AppError('validation_failed', 'Missing or malformed unsubscribe link (t)')
    const target = readUnsubscribeToken(await unsubscribeSecret(store, config.alertsSecret), token)
    if (!target) throw new AppError('validation_failed', 'This unsubscribe link is not valid')
    const topic = await findAlertTopic(store, target.topic)
    return { ...target, topicName: topic ? { fr: topic.nameFr, en: topic.nameEn } : { fr: target.topic, en: target.topic }, token }
  }

  app.get<{ Querystring: { t?: string } }>('/alerts/unsubscribe', { schema: { summary: 'The unsubscribe page: one button (opening the link unsubscribes nobody)', tags: [TAGS.pages], querystring: Token, response: fileResponse('HTML') } }, async (request, reply) => {
    const target = await read(request.query.t)
    return page(reply, 'Se désabonner', `<p>Ne plus recevoir les messages « ${escapeHtml(target.topicName.fr)} » de la mairie ?</p>
<p lang="en">Stop receiving the town hall's "${escapeHtml(target.topicName.en)}" messages?</p>
<form method="post" action="/alerts/unsubscribe?t=${encodeURIComponent(target.token)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Me désabonner / Unsubscribe</button></form>`)
  })

  app.post<{ Querystring: { t?: string } }>('/alerts/unsubscribe', {
    schema: {
      summary: 'One-click unsubscribe (RFC 8058) or the page\'s button',
      tags: [TAGS.pages],
      querystring: Token,
      consumes: ['application/x-www-form-urlencoded'],
      body: HandCheckedBody('Not read: the token says who and what', { 'List-Unsubscribe': 'One-Click' }),
      response: fileResponse('HTML'),
    },
  }, async (request, reply) => {
    const target = await read(request.query.t)
    // An erased identity has nothing left to unsubscribe: the answer is the same, nothing leaks.
    if (await subscriptionsOfIdentity(store, target.identityId)) await changeSubscriptionNow(store, { identityId: target.identityId, topic: target.topic, subscribe: false, via: 'unsubscribe_link', now: new Date() })
    return page(reply, 'Désabonnement enregistré', `<p>Vous ne recevrez plus les messages « ${escapeHtml(target.topicName.fr)} ».</p>
<p lang="en">You will no longer receive "${escapeHtml(target.topicName.en)}" messages.</p>`)
  })
}

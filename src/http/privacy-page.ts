// The demo town's privacy notice (RGPD art. 13). A real town sets PRIVACY_URL to its own page.
import type { FastifyInstance } from 'fastify'
import { pageSchema } from './schemas.ts'

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)

export function privacyPage (app: FastifyInstance, townName: string): void {
  app.get('/privacy', { schema: pageSchema('The demo town\'s privacy notice (a town sets PRIVACY_URL to its own)', 'HTML') }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(`<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Protection des données – mairie de ${escapeHtml(townName)}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:44rem;margin:0 auto;padding:1rem;line-height:1.5">
<main>
<h1>Protection des données personnelles</h1>
<p>Responsable du traitement : la mairie de ${escapeHtml(townName)}. Finalité : répondre à vos questions et traiter vos demandes et signalements (mission d’intérêt public, article 6.1.e du RGPD).</p>
<p>L’assistant est un programme automatique ; un agent de la mairie peut reprendre la conversation à tout moment et seul un agent prend les décisions sur vos demandes.</p>
<p>Données traitées : vos messages, votre numéro de téléphone ou adresse électronique selon le canal utilisé, vos demandes. Destinataires : les services municipaux concernés. Durée de conservation : les conversations sont conservées 12 mois après le dernier échange, les demandes le temps de leur traitement puis selon les règles d’archivage public.</p>
<p>Vos droits : accès, rectification, effacement, limitation et opposition, en écrivant à l’accueil de la mairie ou au délégué à la protection des données. Vous pouvez saisir la CNIL.</p>
<p>Pour ne plus recevoir de SMS, envoyez STOP.</p>
</main></body></html>`))
}

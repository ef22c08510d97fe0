// Pure: what the agents see in Slack. Citizen text is hostile: &, < and > are escaped so that
// a message cannot ping @channel, fake a link or a user mention (Slack's own escaping rules).
import type { ConversationView } from '../../src/core/agent-channel.ts'

export const escapeSlack = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

const REASONS: Record<string, string> = {
  asked_for_agent: 'a demandé un agent',
  misunderstood: 'l’assistant n’a pas compris deux fois',
  ticket_waiting: 'une demande attend une réponse',
  send_failed: 'un message n’a pas pu être envoyé',
}
const AUTHORS: Record<string, string> = { citizen: 'Citoyen', bot: 'Assistant', agent: 'Agent', system: 'Système' }

export function threadSummary (view: ConversationView) {
  const reason = view.needsHumanReason ? REASONS[view.needsHumanReason] ?? view.needsHumanReason : 'conversation suivie par un agent'
  const text = `Conversation ${view.channel} — ${escapeSlack(view.citizenLabel)} : ${reason}. Répondez dans ce fil pour écrire au citoyen.`
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: 'takeover', text: { type: 'plain_text', text: 'Prendre la main' }, value: view.id, style: 'primary' },
          { type: 'button', action_id: 'handback', text: { type: 'plain_text', text: 'Rendre à l’assistant' }, value: view.id },
        ],
      },
    ],
  }
}

export function mirroredLine (message: { author: string, text: string }): string {
  return `*${AUTHORS[message.author] ?? message.author}* : ${escapeSlack(message.text)}`
}

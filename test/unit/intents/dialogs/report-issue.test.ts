import { describe, expect, it } from 'vitest'
import type { Turn, TurnResult } from '../../../../src/answerer.ts'
import { createAssistant } from '../../../../intents/assistant.ts'
import { createTownData, makeTurn, plain, throughStorage } from '../town-data-fake.ts'

const assistant = createAssistant()
const data = createTownData()

/** Plays a conversation, passing each state through JSON as the database does, and returns every result. */
const play = async (turns: (string | Partial<Turn> & { text: string })[]): Promise<TurnResult[]> => {
  const results: TurnResult[] = []
  let state: unknown = null
  let lang: Turn['lang']
  for (const step of turns) {
    const overrides = typeof step === 'string' ? { text: step } : step
    const result = plain(await assistant.answer(makeTurn(overrides.text, { dialogState: throughStorage(state), lang, ...overrides }), data))
    results.push(result)
    state = result.dialogState
    lang = result.lang
  }
  return results
}

describe('report_issue dialog', () => {
  it('goes from the first message to an open_ticket action', async () => {
    const results = await play([
      'je veux signaler un problème',
      'un gros nid de poule',
      { text: 'devant le 8 rue Pasteur', attachments: [{ id: 'att-1', contentType: 'image/jpeg', filename: 'trou.jpg' }] },
      'oui'
    ])
    expect(results[0].replies[0]).toMatch(/Que souhaitez-vous signaler/)
    expect(results[1].replies[0]).toMatch(/Où exactement/)
    expect(results[2].replies[0]).toMatch(/Je récapitule : Voirie – « un gros nid de poule » – 8 rue Pasteur, 1 photo/)
    const last = results[3]
    expect(last.replies).toEqual(['Merci, je transmets votre signalement.'])
    expect(last.dialogState).toMatchObject({ dialog: 'recent_ticket' })
    expect(last.actions).toEqual([{
      type: 'open_ticket', kind: 'report', category: 'roads', title: 'Voirie – 8 rue Pasteur',
      description: 'un gros nid de poule', address: '8 rue Pasteur', attachmentIds: ['att-1']
    }])
    for (const result of results) expect(result.intent).toBe('report_issue')
  })

  it('skips what the first message already says', async () => {
    const [first, second] = await play(['bjr lampadaire en panne rue jean jaures', 'ok'])
    expect(first.replies[0]).toMatch(/Éclairage public.*rue jean jaures.*Je transmets \?/)
    expect(second.actions[0]).toMatchObject({ type: 'open_ticket', category: 'lighting', address: 'rue jean jaures' })
  })

  it('takes a correction of the place before confirming', async () => {
    const results = await play(['lampadaire en panne rue jean jaures', 'non, c\'est rue Victor Hugo', 'oui'])
    expect(results[1].replies[0]).toMatch(/rue Victor Hugo\. Je transmets/)
    expect(results[1].actions).toEqual([])
    expect(results[2].actions[0]).toMatchObject({ address: 'rue Victor Hugo', title: 'Éclairage public – rue Victor Hugo' })
  })

  it('asks what to correct after a plain "non"', async () => {
    const results = await play(['banc cassé place de la mairie', 'non', 'c\'est une balançoire cassée', 'oui'])
    expect(results[1].replies[0]).toMatch(/Que faut-il corriger/)
    expect(results[2].replies[0]).toMatch(/balançoire cassée.*place de la mairie/)
    expect(results[3].actions[0]).toMatchObject({ category: 'furniture', description: 'c\'est une balançoire cassée' })
  })

  it.each(['annuler', 'laisse tomber', 'cancel'])('cancels at any step with %j', async word => {
    for (const prefix of [['je veux faire un signalement'], ['tag sur le mur'], ['tag sur le mur', 'devant la poste']]) {
      const results = await play([...prefix, word])
      const last = results[results.length - 1]
      expect(last.dialogState).toBeNull()
      expect(last.actions).toEqual([])
    }
  })

  it('uses a shared position and works in English', async () => {
    const results = await play([
      'there is a broken bench in the park',
      { text: '', location: { latitude: 48.85, longitude: 2.35 } },
      'yes'
    ])
    expect(results[0].replies[0]).toMatch(/^Where exactly/)
    expect(results[1].replies[0]).toMatch(/^To sum up: Street furniture/)
    expect(results[2].replies).toEqual(['Thank you, I am passing your report on.'])
    expect(results[2].actions[0]).toMatchObject({ category: 'furniture', latitude: 48.85, longitude: 2.35 })
  })

  it('survives a restart mid-dialog: the stored JSON state is all it needs', async () => {
    const first = plain(await assistant.answer(makeTurn('dépôt sauvage de gravats'), data))
    const stored = JSON.stringify(first.dialogState)
    const restarted = createAssistant()
    const second = plain(await restarted.answer(makeTurn('au bout du chemin des Vignes', { dialogState: JSON.parse(stored) }), data))
    expect(second.replies[0]).toMatch(/Dépôt sauvage.*chemin des Vignes/)
    const third = await createAssistant().answer(makeTurn('oui', { dialogState: JSON.parse(JSON.stringify(second.dialogState)) }), data)
    expect(third.actions[0]).toMatchObject({ type: 'open_ticket', category: 'dumping', address: 'chemin des Vignes' })
  })

  it('lets the citizen ask for a person in the middle of a report', async () => {
    const results = await play(['lampadaire en panne', 'je veux parler à un conseiller'])
    expect(results[1].actions).toEqual([{ type: 'hand_to_agent', reason: 'asked_for_agent' }])
    expect(results[1].dialogState).toBeNull()
  })
})

describe('report_issue dialog, change of subject', () => {
  it('answers a different question asked instead of the place, and drops the report', async () => {
    const results = await play(['je veux signaler un problème', 'quels sont les horaires de la piscine ?'])
    expect(results[1].intent).toBe('opening_hours')
    expect(results[1].replies[0]).toMatch(/^Piscine des Iris/)
    expect(results[1].dialogState).toBeNull()
  })

  it('still takes a place that looks like another topic ("devant l\'école")', async () => {
    const results = await play(['tag sur le mur', 'devant l\'école maternelle'])
    expect(results[1].replies[0]).toMatch(/devant l'école maternelle\. Je transmets/)
  })
})

describe('report_issue dialog, refusals', () => {
  it('takes "non merci" at the read-back as a refusal', async () => {
    const results = await play(['lampadaire en panne rue jean jaures', 'non merci'])
    expect(results[1]).toMatchObject({ actions: [], dialogState: null })
    expect(results[1].replies[0]).toMatch(/annulé/)
  })

  it.each(['oui', 'Oui !', 'ok', 'd\'accord', 'yes please', 'oui merci', 'c\'est bon'])('confirms with %j', async word => {
    const results = await play(['lampadaire en panne rue jean jaures', word])
    expect(results[1].actions).toHaveLength(1)
  })
})

describe('report_issue dialog, fillers', () => {
  it('asks again when "ok" or "merci" answers "where?"', async () => {
    const results = await play(['un arbre est tombé', 'ok merci', 'chemin des Vignes', 'oui'])
    expect(results[1].replies[0]).toMatch(/Où exactement/)
    expect(results[3].actions[0]).toMatchObject({ category: 'trees', address: 'chemin des Vignes' })
  })
})

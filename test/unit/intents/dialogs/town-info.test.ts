import { describe, expect, it } from 'vitest'
import { createAssistant } from '../../../../intents/assistant.ts'
import { createTownData, makeTurn, plain } from '../town-data-fake.ts'
import { play } from './conversation.ts'

const assistant = createAssistant()
const data = createTownData()
const ask = async (text: string) => plain(await assistant.answer(makeTurn(text), data))

describe('informational intents answer from TownData only', () => {
  it('gives the opening hours of the named place, merged by days', async () => {
    expect((await ask('horaires de la piscine')).replies[0]).toBe('Piscine des Iris, 5 rue du Stade : mer 14 h-19 h ; sam 10 h-18 h ; dim 9 h-13 h. Bonnet obligatoire.')
    expect((await ask('when is the town hall open?')).replies[0]).toMatch(/^Mairie, 1 place de la Mairie: Mon-Tue 08:30-12:00, 13:30-17:00 ; Wed/)
    expect((await ask('la déchetterie est ouverte samedi ?')).replies[0]).toMatch(/Déchèterie du Moulin.*samedi 14 mars : 9 h-18 h/)
  })

  it('falls back to the town hall when no place is named', async () => {
    expect((await ask('vous êtes ouverts aujourd\'hui ?')).replies[0]).toMatch(/^Mairie, .*mardi 10 mars : 8 h 30-12 h, 13 h 30-17 h/)
  })

  it('gives today\'s canteen menu or says none is published', async () => {
    expect((await ask('menu cantine')).replies[0]).toBe('Menu de la cantine, mardi 10 mars : Carottes râpées, Poisson pané, Riz, Yaourt.')
    expect((await ask('menu de la cantine demain')).replies[0]).toBe('Pas de menu publié pour mercredi 11 mars.')
    expect((await ask('what\'s for lunch at school today?')).replies[0]).toMatch(/^Canteen menu, Tuesday 10 March: Carottes/)
  })

  it('lists the coming events', async () => {
    expect((await ask('qu\'est-ce qu\'il y a ce week-end ?')).replies[0]).toMatch(/^À venir : sam\. 14 mars.*Marché de printemps \(Place de la Mairie\)/)
  })

  it('gives collection days for a street, asking for it when missing', async () => {
    expect((await ask('poubelles rue Jean Jaurès quel jour ?')).replies[0]).toMatch(/^Secteur Nord – ordures ménagères : lundi, jeudi ; tri \(bac jaune\) : mercredi/)
    const results = await play(assistant, data, ['quand passe le camion poubelle ?', '12 impasse des Acacias'])
    expect(results[0].replies[0]).toMatch(/Dans quelle rue/)
    expect(results[1].replies[0]).toMatch(/^Secteur Sud – ordures ménagères : mardi/)
    expect(results[1].dialogState).toBeNull()
  })

  it('keeps replies within two SMS', async () => {
    for (const text of ['horaires mairie', 'agenda', 'menu cantine', 'poubelles avenue Victor Hugo', 'DEM-2026-00042']) {
      for (const reply of (await ask(text)).replies) expect(reply.length).toBeLessThanOrEqual(320)
    }
  })

  it('uses no town fact absent from TownData', async () => {
    const empty = { ...data, places: async () => [], upcomingEvents: async () => [], wasteCollections: async () => [] }
    expect((plain(await assistant.answer(makeTurn('horaires piscine'), empty))).replies[0]).toMatch(/pas les horaires/)
    expect((plain(await assistant.answer(makeTurn('agenda du week-end'), empty))).replies[0]).toMatch(/Aucun événement/)
    expect((plain(await assistant.answer(makeTurn('jour des poubelles'), empty))).replies[0]).toMatch(/pas encore le calendrier/)
  })
})

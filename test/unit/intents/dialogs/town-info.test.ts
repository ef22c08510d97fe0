import { describe, expect, it } from 'vitest'
import { createAssistant } from '../../../../intents/assistant.ts'
import { createTownData, makeTurn } from '../town-data-fake.ts'
import { play } from './conversation.ts'

const assistant = createAssistant()
const data = createTownData()
// The answers use no-break spaces (French typography); the assertions read them as plain spaces.
const plain = (text: string) => text.replace(/[\u00A0\u202F]/g, ' ')
const ask = async (text: string, now?: string) => {
  const result = await assistant.answer(makeTurn(text, now === undefined ? {} : { now: new Date(now) }), data)
  return { ...result, text: plain(result.replies[0]) }
}

describe('informational intents answer from TownData only', () => {
  it('gives the opening hours of the named place, merged by days, the French way', async () => {
    expect((await ask('horaires de la piscine')).text).toBe('Piscine des Iris, 5 rue du Stade : mer 14 h-19 h ; sam 10 h-18 h ; dim 9 h-13 h. Bonnet obligatoire.')
    expect((await ask('when is the town hall open?')).text).toMatch(/^Town hall, 1 place de la Mairie: Mon-Tue 08:30-12:00, 13:30-17:00; Wed 08:30-12:00;/)
    expect((await ask('la déchetterie est ouverte samedi ?')).text).toBe('Oui, le samedi 14 mars la déchèterie est ouverte de 9 h à 18 h.')
  })

  it('falls back to the town hall when no place is named', async () => {
    expect((await ask('vous êtes ouverts aujourd\'hui ?')).text).toMatch(/^Oui, aujourd'hui la mairie est ouverte de 8 h 30 à 12 h et de 13 h 30 à 17 h\. Tél\. 01 23 45 67 89\./)
  })

  it('gives today\'s canteen menu, a named day\'s, or says none is published', async () => {
    expect((await ask('menu cantine')).text).toBe('Menu de la cantine, mardi 10 mars : Carottes râpées, Poisson pané, Riz, Yaourt.')
    expect((await ask('menu de la cantine demain')).text).toBe('Pas de menu publié pour mercredi 11 mars.')
    expect((await ask('menu de la cantine lundi prochain')).text).toBe('Menu de la cantine, lundi 16 mars : Lasagnes, Pomme.')
    expect((await ask('what\'s for lunch at school today?')).text).toMatch(/^Canteen menu, Tuesday 10 March: Carottes/)
  })

  it('gives collection days for a street, asking for it when missing', async () => {
    expect((await ask('poubelles rue Jean Jaurès quel jour ?')).text).toMatch(/^Secteur Nord – ordures ménagères : lundi, jeudi ; tri \(bac jaune\) : mercredi/)
    const results = await play(assistant, data, ['quand passe le camion poubelle ?', '12 impasse des Acacias'])
    expect(results[0].replies[0]).toMatch(/Dans quelle rue/)
    expect(results[1].replies[0]).toMatch(/^Secteur Sud – ordures ménagères : mardi/)
    expect(results[1].dialogState).toBeNull()
  })

  it('keeps replies within two SMS', async () => {
    for (const text of ['horaires mairie', 'agenda', 'menu cantine', 'poubelles avenue Victor Hugo', 'DEM-2026-00042', 'la mairie est ouverte la semaine prochaine ?', 'vous êtes ouverts le samedi après-midi ?']) {
      for (const reply of (await ask(text)).replies) expect(reply.length).toBeLessThanOrEqual(320)
    }
  })

  it('uses no town fact absent from TownData', async () => {
    const empty = { ...data, places: async () => [], upcomingEvents: async () => [], wasteCollections: async () => [] }
    expect((await assistant.answer(makeTurn('horaires piscine'), empty)).replies[0]).toMatch(/pas les horaires/)
    expect((await assistant.answer(makeTurn('agenda du week-end'), empty)).replies[0]).toMatch(/Aucun événement/)
    expect((await assistant.answer(makeTurn('jour des poubelles'), empty)).replies[0]).toMatch(/pas encore le calendrier/)
  })
})

describe('right answers about time (issue 15)', () => {
  it('says no on a public holiday, names it, and gives the next opening', async () => {
    expect((await ask('la mairie est ouverte le 25 décembre ?')).text).toBe('Non, le 25 décembre (Noël, jour férié) la mairie est fermée. Prochaine ouverture : samedi 26 décembre à 9 h. Tél. 01 23 45 67 89.')
    expect((await ask('la mairie est ouverte à Noël ?')).text).toMatch(/^Non, le 25 décembre \(Noël, jour férié\) la mairie est fermée\./)
    expect((await ask('is the town hall open on 25 December?')).text).toMatch(/^No, on 25 December \(Christmas Day, public holiday\), the town hall is closed\. Next opening: Saturday 26 December at 09:00\./)
    expect((await ask('la mairie est ouverte le lundi de Pâques ?')).text).toMatch(/^Non, le 6 avril \(Lundi de Pâques, jour férié\) la mairie est fermée\. Prochaine ouverture : mardi 7 avril à 8 h 30\./)
  })

  it('answers « ouvert les jours fériés ? » with the coming holiday', async () => {
    expect((await ask('la mairie est ouverte les jours fériés ?')).text).toMatch(/^Non, la mairie est fermée les jours fériés \(prochain : Lundi de Pâques, le 6 avril\)\./)
    expect((await ask('is the town hall open on bank holidays?')).text).toMatch(/^No, the town hall is closed on public holidays \(next: Easter Monday, 6 April\)\./)
  })

  it('knows the Alsace-Moselle days only where TOWN_HOLIDAYS says so', async () => {
    const alsace = createTownData({ holidays: 'fr-alsace-moselle' })
    const moselle = await assistant.answer(makeTurn('la mairie est ouverte le 26 décembre ?'), alsace)
    expect(plain(moselle.replies[0])).toMatch(/^Non, le 26 décembre \(Lendemain de Noël, jour férié\) la mairie est fermée\. Prochaine ouverture : lundi 28 décembre à 8 h 30\./)
    expect((await ask('la mairie est ouverte le 26 décembre ?')).text).toMatch(/^Oui, le samedi 26 décembre la mairie est ouverte de 9 h à 12 h\./)
  })

  it('answers « ouvert maintenant ? » with yes or no, then the closing or the next opening', async () => {
    expect((await ask('ouvert maintenant ?')).text).toMatch(/^Oui, la mairie est ouverte jusqu'à 12 h, puis de 13 h 30 à 17 h\./) // Tuesday 11:00
    expect((await ask('vous êtes ouverts maintenant ?', '2026-03-10T11:30:00Z')).text).toMatch(/^Non, la mairie est fermée en ce moment\. Prochaine ouverture : aujourd'hui à 13 h 30\./)
    expect((await ask('c\'est ouvert maintenant ?', '2026-03-14T12:00:00Z')).text).toMatch(/^Non, la mairie est fermée en ce moment\. Prochaine ouverture : lundi 16 mars à 8 h 30\./)
    expect((await ask('are you open now?', '2026-12-25T10:00:00Z')).text).toMatch(/^No, the town hall is closed today \(Christmas Day, public holiday\)\. Next opening: tomorrow at 09:00\./)
  })

  it('answers « le samedi après-midi » with no and the Saturday hours', async () => {
    expect((await ask('vous êtes ouverts le samedi après-midi ?')).text).toMatch(/^Non, le samedi la mairie est ouverte de 9 h à 12 h\./)
    expect((await ask('are you open on Saturday afternoons?')).text).toMatch(/^No, on Saturdays the town hall is open from 09:00 to 12:00\./)
    expect((await ask('la piscine est ouverte le samedi après-midi ?')).text).toMatch(/^Oui, le samedi la piscine est ouverte de 10 h à 18 h\./)
    expect((await ask('la mairie est ouverte le dimanche ?')).text).toMatch(/^Non, le dimanche la mairie est fermée\./)
  })

  it('reads the part of the day and a question put the other way round (« fermé ? »)', async () => {
    expect((await ask('la mairie est ouverte ce soir ?')).text).toMatch(/^Non, ce soir la mairie est fermée ; aujourd'hui elle est ouverte de 8 h 30 à 12 h et de 13 h 30 à 17 h\./)
    expect((await ask('cet après-midi vous êtes ouverts ?')).text).toMatch(/^Oui, cet après-midi la mairie est ouverte de 13 h 30 à 17 h\./)
    expect((await ask('is the pool open on Sunday morning?')).text).toBe('Yes, on Sunday 15 March in the morning, the pool is open from 09:00 to 13:00.')
    expect((await ask('la mairie est fermée le 25 décembre ?')).text).toMatch(/^Oui, le 25 décembre \(Noël, jour férié\) la mairie est fermée\./)
    expect((await ask('quels sont les horaires de la mairie le 24 décembre ?')).text).toMatch(/^Le jeudi 24 décembre la mairie est ouverte de 8 h 30 à 12 h \(Fermeture exceptionnelle la veille de Noël\)\./)
  })

  it('gives dated exceptions with their public note', async () => {
    expect((await ask('la mairie est ouverte samedi 21 mars après-midi ?')).text).toMatch(/^Oui, le samedi 21 mars après-midi la mairie est ouverte de 14 h à 17 h \(Permanence pour les procurations\)\./)
    expect((await ask('vous êtes ouverts le samedi après-midi ?')).text).toMatch(/Exceptionnellement, samedi 21 mars : de 9 h à 12 h et de 14 h à 17 h \(Permanence pour les procurations\)\./)
    expect((await ask('la mairie est ouverte le 24 décembre après-midi ?')).text).toMatch(/^Non, le jeudi 24 décembre après-midi la mairie est fermée ; ce jour-là elle est ouverte de 8 h 30 à 12 h \(Fermeture exceptionnelle la veille de Noël\)\./)
  })

  it('answers for ranges: this weekend, next week, the school holidays of the town\'s zone', async () => {
    expect((await ask('la mairie est ouverte ce week-end ?')).text).toMatch(/^Oui, ce week-end \(samedi 14 et dimanche 15 mars\), la mairie est ouverte : sam\. 14 mars 9 h-12 h\./)
    expect((await ask('la mairie est ouverte pendant les vacances de la Toussaint ?')).text).toMatch(/^Oui, pendant les vacances de la Toussaint \(du 17 octobre au 1er novembre\), la mairie est ouverte : lun-mar 8 h 30-12 h/)
    expect((await ask('la mairie est ouverte pendant les vacances de Noël ?')).text).toMatch(/Sauf : jeu\. 24 déc\. 8 h 30-12 h \(Fermeture exceptionnelle la veille de Noël\), ven\. 25 déc\. fermé \(Noël\)/)
  })

  it('lists only the events of the weekend asked, and says when there are none', async () => {
    const weekend = await ask('il y a quoi ce week-end ?')
    expect(weekend.text).toBe('Ce week-end (samedi 14 et dimanche 15 mars) : sam. 14 mars, 9 h : Marché de printemps (Place de la Mairie).')
    expect(weekend.text).not.toMatch(/Conférence|Concert/)
    expect((await ask('what is on this weekend?')).text).toBe('This weekend (Saturday 14 and Sunday 15 March): Sat 14 Mar, 09:00: Marché de printemps (Place de la Mairie).')
    expect((await ask('il y a quoi ce week-end ?', '2026-03-16T10:00:00Z')).text).toBe('Ce week-end (samedi 21 et dimanche 22 mars) : sam. 21 mars, 20 h : Concert de l\'harmonie (Salle des fêtes).')
    expect((await ask('il y a quoi ce week-end ?', '2026-03-22T10:00:00Z')).text).toBe('Aucun événement annoncé ce week-end (dimanche 22 mars).')
    expect((await ask('événements samedi 21 mars')).text).toBe('Samedi 21 mars : Concert de l\'harmonie à 20 h (Salle des fêtes).')
    expect((await ask('qu\'est-ce qu\'il y a dimanche 15 mars ?')).text).toBe('Aucun événement annoncé le dimanche 15 mars. Prochain : mar. 17 mars, 19 h : Conférence (Médiathèque).')
  })

  it('uses no-break spaces where French needs them, and none in English', async () => {
    const fr = (await assistant.answer(makeTurn('la mairie est ouverte le 25 décembre ?'), data)).replies[0]
    expect(fr).toContain('9\u00A0h')
    expect(fr).toContain('ouverture\u00A0:')
    expect(fr).toContain('01\u00A023\u00A045\u00A067\u00A089')
    const en = (await assistant.answer(makeTurn('is the town hall open on 25 December?'), data)).replies[0]
    expect(en).not.toMatch(/[\u00A0\u202F][:;!?]/)
  })
})

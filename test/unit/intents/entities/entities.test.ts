import { describe, expect, it } from 'vitest'
import { extractCategory } from '../../../../intents/entities/category.ts'
import { extractEmail, extractPhone } from '../../../../intents/entities/contact.ts'
import { extractDate } from '../../../../intents/entities/date.ts'
import { extractEntities } from '../../../../intents/entities/index.ts'
import { extractLocation } from '../../../../intents/entities/location.ts'

// Tuesday 10 March 2026, 11:00 in Paris
const NOW = new Date('2026-03-10T10:00:00Z')

describe('category entity', () => {
  it.each([
    ['nid de poule énorme rue Pasteur', 'roads'], ['the pavement is damaged', 'roads'],
    ['lampadaire en panne rue jean jaures', 'lighting'], ['street light out on Oak Lane', 'lighting'],
    ['dépôt sauvage de matelas', 'dumping'], ['someone dumped a sofa', 'dumping'],
    ['tag sur l\'abribus', 'graffiti'], ['graffiti on the school wall', 'graffiti'],
    ['un arbre est tombé', 'trees'], ['big branch on the road', 'trees'],
    ['fuite d\'eau dans la rue', 'water'], ['blocked drain', 'water'],
    ['banc cassé au parc', 'furniture'], ['the swing is broken', 'furniture'], ['there is a broken bench', 'furniture'],
    ['poubelle qui déborde place du marché', 'cleanliness'], ['dead cat on the road', 'cleanliness']
  ])('%j → %s', (text, category) => {
    expect(extractCategory(text)).toBe(category)
  })

  it('says nothing when the text names no problem', () => {
    expect(extractCategory('je veux signaler un problème')).toBeNull()
  })
})

describe('location entity', () => {
  it.each([
    ['lampadaire en panne rue jean jaures', 'rue jean jaures'],
    ['Un banc cassé au 12 av. Victor Hugo, merci', '12 av. Victor Hugo'],
    ['tag devant l\'école', 'devant l\'école'],
    ['graffitis sur l\'abribus place de la mairie', 'place de la mairie'],
    ['y a un trou ds la route au 12 rue pasteur depuis lundi', '12 rue pasteur'],
    ['la rue des Lilas est dans le noir', 'rue des Lilas'],
    ['the street light on Victoria Road is out', 'Victoria Road'],
    ['mattress dumped near the station', 'near the station'],
    ['non, c\'est rue Victor Hugo', 'rue Victor Hugo'],
    ['banc cassé place Foch', 'place Foch'],
    ['le square du Général Leclerc', 'square du Général Leclerc']
  ])('%j → %j', (text, location) => {
    expect(extractLocation(text)).toBe(location)
  })

  it.each(['la route est abîmée', 'je voudrais un acte de naissance', 'hello', 'une place en crèche', 'inscrire mon enfant en cours d\'année'])('%j has no location', text => {
    expect(extractLocation(text)).toBeNull()
  })
})

describe('email and phone entities', () => {
  it('finds an email, lower-cased', () => {
    expect(extractEmail('écrivez à Jean.Dupont@Example.fr svp')).toBe('jean.dupont@example.fr')
    expect(extractEmail('pas de mail')).toBeNull()
  })

  it.each([
    ['appelez-moi au 06 12 34 56 78', '+33612345678'],
    ['tel: 0612345678', '+33612345678'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['01.23.45.67.89', '+33123456789'],
    ['0033 6 12 34 56 78', '+33612345678']
  ])('%j → %s (E.164)', (text, phone) => {
    expect(extractPhone(text)).toBe(phone)
  })

  it('does not read a reference or a short number as a phone', () => {
    expect(extractPhone('DEM202600042')).toBeNull()
    expect(extractPhone('le 12 mars à 14h')).toBeNull()
  })
})

describe('date entity', () => {
  it.each([
    ['menu aujourd\'hui', '2026-03-10'], ['today', '2026-03-10'], ['ce midi', '2026-03-10'],
    ['menu de demain', '2026-03-11'], ['tomorrow', '2026-03-11'], ['après-demain', '2026-03-12'],
    ['menu lundi', '2026-03-16'], ['on friday', '2026-03-13'], ['mardi', '2026-03-10'],
    ['le 12/03', '2026-03-12'], ['le 12/03/2027', '2027-03-12'], ['12 mars', '2026-03-12'], ['1er avril', '2026-04-01'],
    ['March 12', '2026-03-12'], ['12th of March', '2026-03-12'], ['2026-05-01', '2026-05-01'],
    ['en panne depuis lundi', '2026-03-09']
  ])('%j → %s', (text, date) => {
    expect(extractDate(text, NOW, 'Europe/Paris')).toBe(date)
  })

  it('uses the town\'s day, not UTC\'s, around midnight', () => {
    expect(extractDate('aujourd\'hui', new Date('2026-03-10T23:30:00Z'), 'Europe/Paris')).toBe('2026-03-11')
  })

  it('rejects impossible dates', () => {
    expect(extractDate('le 31/02', NOW)).toBeNull()
  })
})

describe('extractEntities', () => {
  it('only carries what the text states', () => {
    expect(extractEntities('bonjour', { now: NOW })).toEqual({})
    expect(extractEntities('lampadaire en panne rue jean jaures depuis hier, 06 12 34 56 78', { now: NOW, withCategory: true }))
      .toEqual({ category: 'lighting', location: 'rue jean jaures', phone: '+33612345678', date: '2026-03-09' })
  })
})

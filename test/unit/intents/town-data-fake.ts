// An in-memory TownData for dialog tests: a small town with two streets' areas and three tickets.
import type { TownData, Turn } from '../../../src/answerer.ts'
import type { TicketStatus } from '../../../src/domain.ts'

type Ticket = { reference: string, title: string, status: TicketStatus, citizenId: string | null, updatedAt: Date, serviceName: string }

export const TICKETS: Ticket[] = [
  { reference: 'DEM-2026-00042', title: 'Lampadaire rue Jean Jaurès', status: 'in_progress', citizenId: 'citizen-1', updatedAt: new Date('2026-03-09T09:00:00Z'), serviceName: 'Services techniques' },
  { reference: 'DEM-2026-00043', title: 'Acte de naissance', status: 'waiting_citizen', citizenId: 'citizen-1', updatedAt: new Date('2026-03-08T09:00:00Z'), serviceName: 'État civil' },
  { reference: 'DEM-2026-00099', title: 'Tag école', status: 'new', citizenId: 'citizen-2', updatedAt: new Date('2026-03-07T09:00:00Z'), serviceName: 'Services techniques' }
]

type Place = Awaited<ReturnType<TownData['places']>>[number]

// The town hall is closed on 24 December 2026 afternoon and opens one Saturday afternoon before the elections' second round.
const at = (iso: string) => new Date(iso)
const PLACES: Place[] = [
  {
    code: 'mairie', kind: 'town_hall', name: 'Mairie', nameEn: 'Town hall', aliases: ['hôtel de ville'], address: '1 place de la Mairie', phone: '01 23 45 67 89',
    openingHours: 'Mo,Tu,Th,Fr 08:30-12:00,13:30-17:00; We 08:30-12:00; Sa 09:00-12:00; PH off',
    exceptions: [
      { from: at('2026-12-24T12:00:00+01:00'), to: at('2026-12-24T18:00:00+01:00'), open: false, note: { fr: 'Fermeture exceptionnelle la veille de Noël', en: 'Closed on Christmas Eve afternoon' } },
      { from: at('2026-03-21T14:00:00+01:00'), to: at('2026-03-21T17:00:00+01:00'), open: true, note: { fr: 'Permanence pour les procurations', en: 'Proxy vote desk' } }
    ],
    notes: null
  },
  { code: 'piscine', kind: 'pool', name: 'Piscine des Iris', nameEn: 'Iris swimming pool', aliases: ['piscine municipale'], address: '5 rue du Stade', phone: null, openingHours: 'We 14:00-19:00; Sa 10:00-18:00; Su 09:00-13:00', exceptions: [], notes: 'Bonnet obligatoire.' },
  { code: 'decheterie', kind: 'recycling_centre', name: 'Déchèterie du Moulin', nameEn: 'Moulin recycling centre', aliases: ['déchetterie'], address: 'chemin du Moulin', phone: null, openingHours: 'Mo 14:00-18:00; Sa 09:00-18:00; PH off', exceptions: [], notes: null }
]

type Event = Awaited<ReturnType<TownData['upcomingEvents']>>[number]
const event = (title: string, place: string, startsAt: string): Event => ({ title, description: null, place, startsAt: new Date(startsAt), endsAt: null, link: null, category: null })
// Tuesday 10 March 2026: a market on Saturday 14th, a concert on Tuesday 17th, another on Saturday 21st.
const EVENTS: Event[] = [
  event('Marché de printemps', 'Place de la Mairie', '2026-03-14T08:00:00Z'),
  event('Conférence', 'Médiathèque', '2026-03-17T18:00:00Z'),
  event('Concert de l\'harmonie', 'Salle des fêtes', '2026-03-21T19:00:00Z')
]

export const SCHOOL_HOLIDAYS = [
  { name: 'Vacances de printemps', zone: 'B', from: '2026-04-11', to: '2026-04-26' },
  { name: 'Vacances de printemps', zone: 'C', from: '2026-04-18', to: '2026-05-03' },
  { name: 'Vacances de la Toussaint', zone: 'all', from: '2026-10-17', to: '2026-11-01' },
  { name: 'Vacances de Noël', zone: 'all', from: '2026-12-19', to: '2027-01-03' }
]

const MENUS: Record<string, { starter: string | null, main: string, side: string | null, dessert: string | null }> = {
  '2026-03-10': { starter: 'Carottes râpées', main: 'Poisson pané', side: 'Riz', dessert: 'Yaourt' },
  '2026-03-16': { starter: null, main: 'Lasagnes', side: null, dessert: 'Pomme' }
}

export const createTownData = (overrides: Partial<TownData['settings']> = {}, alerts: Awaited<ReturnType<TownData['currentAlerts']>> = []): TownData => ({
  places: async () => PLACES,
  faqEntries: async () => [],
  currentAlerts: async () => alerts,
  canteenMenu: async date => MENUS[date] === undefined ? null : { date, ...MENUS[date] },
  upcomingEvents: async (from, limit) => EVENTS.filter(e => e.startsAt >= from).slice(0, limit),
  wasteCollections: async () => [
    { area: 'Nord', streets: ['rue Jean Jaurès', 'avenue Victor Hugo'], stream: 'household', days: ['monday', 'thursday'], rule: null, notes: null },
    { area: 'Nord', streets: ['rue Jean Jaurès', 'avenue Victor Hugo'], stream: 'recycling', days: ['wednesday'], rule: null, notes: null },
    { area: 'Sud', streets: ['rue des Lilas', 'impasse des Acacias'], stream: 'household', days: ['tuesday'], rule: null, notes: 'Sortir les bacs la veille au soir.' }
  ],
  schoolHolidays: async () => SCHOOL_HOLIDAYS,
  citizenTickets: async citizenId => TICKETS.filter(t => t.citizenId === citizenId).map(({ reference, title, status, updatedAt }) => ({ reference, title, status, updatedAt })),
  ticketByReference: async reference => TICKETS.find(t => t.reference === reference) ?? null,
  settings: { townName: 'Villebelle', privacyUrl: 'https://villebelle.example/confidentialite', timeZone: 'Europe/Paris', bookingUrl: 'https://villebelle.example/rdv', holidays: 'fr', schoolZone: 'B', ...overrides }
})

/** A web chat turn on Tuesday 10 March 2026; `dialogState` goes through JSON as the database would store it. */
export const makeTurn = (text: string, overrides: Partial<Turn> = {}): Turn => ({
  text,
  channel: 'webchat',
  attachments: [],
  dialogState: null,
  misunderstandings: 0,
  isFirstMessage: false,
  citizenId: 'citizen-1',
  now: new Date('2026-03-10T10:00:00Z'),
  ...overrides
})

/** Simulates storage between turns: the state is serialised and parsed back, as after a restart. */
export const throughStorage = (state: unknown): unknown => state === null ? null : JSON.parse(JSON.stringify(state))

/** Replies with French typography's non-breaking spaces shown as plain spaces, for readable expectations. */
export const plain = <T extends { replies: string[] }>(result: T): T => ({ ...result, replies: result.replies.map(text => text.replace(/[\u00A0\u202F]/g, ' ')) })

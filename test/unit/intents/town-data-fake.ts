// An in-memory TownData for dialog tests: a small town with two streets' areas and three tickets.
import type { TownData, Turn } from '../../../src/core/assistant.ts'
import type { TicketStatus } from '../../../src/domain.ts'

type Ticket = { reference: string, title: string, status: TicketStatus, citizenId: string | null, updatedAt: Date, serviceName: string }

export const TICKETS: Ticket[] = [
  { reference: 'DEM-2026-00042', title: 'Lampadaire rue Jean Jaurès', status: 'in_progress', citizenId: 'citizen-1', updatedAt: new Date('2026-03-09T09:00:00Z'), serviceName: 'Services techniques' },
  { reference: 'DEM-2026-00043', title: 'Acte de naissance', status: 'waiting_citizen', citizenId: 'citizen-1', updatedAt: new Date('2026-03-08T09:00:00Z'), serviceName: 'État civil' },
  { reference: 'DEM-2026-00099', title: 'Tag école', status: 'new', citizenId: 'citizen-2', updatedAt: new Date('2026-03-07T09:00:00Z'), serviceName: 'Services techniques' }
]

type Place = Awaited<ReturnType<TownData['places']>>[number]

const PLACES: Place[] = [
  { code: 'mairie', kind: 'town_hall', name: 'Mairie', aliases: ['hôtel de ville'], address: '1 place de la Mairie', phone: '01 23 45 67 89', hours: { mon: [['08:30', '12:00'], ['13:30', '17:00']], tue: [['08:30', '12:00'], ['13:30', '17:00']], wed: [['08:30', '12:00']], thu: [['08:30', '12:00'], ['13:30', '17:00']], fri: [['08:30', '12:00'], ['13:30', '17:00']], sat: [['09:00', '12:00']] }, notes: null },
  { code: 'piscine', kind: 'pool', name: 'Piscine des Iris', aliases: ['piscine municipale'], address: '5 rue du Stade', phone: null, hours: { wed: [['14:00', '19:00']], sat: [['10:00', '18:00']], sun: [['09:00', '13:00']] }, notes: 'Bonnet obligatoire.' },
  { code: 'decheterie', kind: 'recycling_centre', name: 'Déchèterie du Moulin', aliases: ['déchetterie'], address: 'chemin du Moulin', phone: null, hours: { mon: [['14:00', '18:00']], sat: [['09:00', '18:00']] }, notes: null }
]

export const createTownData = (overrides: Partial<TownData['settings']> = {}): TownData => ({
  places: async () => PLACES,
  canteenMenu: async date => date === '2026-03-10' ? { date, starter: 'Carottes râpées', main: 'Poisson pané', side: 'Riz', dessert: 'Yaourt' } : null,
  upcomingEvents: async (from, limit) => [
    { title: 'Marché de printemps', description: null, place: 'Place de la Mairie', startsAt: new Date('2026-03-14T08:00:00Z'), endsAt: null },
    { title: 'Concert de l\'harmonie', description: null, place: 'Salle des fêtes', startsAt: new Date('2026-03-21T19:00:00Z'), endsAt: null }
  ].filter(event => event.startsAt >= from).slice(0, limit),
  currentAlerts: async () => [],
  wasteCollections: async () => [
    { area: 'Nord', streets: ['rue Jean Jaurès', 'avenue Victor Hugo'], stream: 'household', days: ['monday', 'thursday'], notes: null },
    { area: 'Nord', streets: ['rue Jean Jaurès', 'avenue Victor Hugo'], stream: 'recycling', days: ['wednesday'], notes: null },
    { area: 'Sud', streets: ['rue des Lilas', 'impasse des Acacias'], stream: 'household', days: ['tuesday'], notes: 'Sortir les bacs la veille au soir.' }
  ],
  citizenTickets: async citizenId => TICKETS.filter(t => t.citizenId === citizenId).map(({ reference, title, status, updatedAt }) => ({ reference, title, status, updatedAt })),
  ticketByReference: async reference => TICKETS.find(t => t.reference === reference) ?? null,
  settings: { townName: 'Villebelle', privacyUrl: 'https://villebelle.example/confidentialite', timeZone: 'Europe/Paris', bookingUrl: 'https://villebelle.example/rdv', ...overrides }
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

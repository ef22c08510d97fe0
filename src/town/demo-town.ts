// The demo town seeded on the first start: enough data for every intent to answer from the
// database. A real town replaces it through the administrators' screens or its own import.
import type { Db } from '../db/client.ts'

const WEEKDAYS = { mon: [['08:30', '12:00'], ['13:30', '17:30']], tue: [['08:30', '12:00'], ['13:30', '17:30']], wed: [['08:30', '12:00'], ['13:30', '17:30']], thu: [['08:30', '12:00'], ['13:30', '17:30']], fri: [['08:30', '12:00'], ['13:30', '16:30']], sat: [['09:00', '12:00']] }

export const SERVICES = [
  { code: 'voirie', nameFr: 'Service voirie', nameEn: 'Roads department', email: 'voirie@mairie.example', phone: '+33 2 00 00 00 11' },
  { code: 'eclairage', nameFr: 'Éclairage public', nameEn: 'Street lighting', email: 'eclairage@mairie.example', phone: '+33 2 00 00 00 12' },
  { code: 'proprete', nameFr: 'Propreté urbaine', nameEn: 'Street cleaning', email: 'proprete@mairie.example', phone: '+33 2 00 00 00 13' },
  { code: 'espaces_verts', nameFr: 'Espaces verts', nameEn: 'Parks and trees', email: 'espaces.verts@mairie.example', phone: '+33 2 00 00 00 14' },
  { code: 'eau', nameFr: 'Eau et assainissement', nameEn: 'Water and sewers', email: 'eau@mairie.example', phone: '+33 2 00 00 00 15' },
  { code: 'etat_civil', nameFr: 'État civil', nameEn: 'Civil registry', email: 'etat.civil@mairie.example', phone: '+33 2 00 00 00 16' },
  { code: 'urbanisme', nameFr: 'Urbanisme', nameEn: 'Planning', email: 'urbanisme@mairie.example', phone: '+33 2 00 00 00 17' },
  { code: 'scolaire', nameFr: 'Affaires scolaires', nameEn: 'Schools', email: 'scolaire@mairie.example', phone: '+33 2 00 00 00 18' },
  { code: 'vie_associative', nameFr: 'Vie associative', nameEn: 'Community associations', email: 'associations@mairie.example', phone: '+33 2 00 00 00 19' },
  { code: 'accueil', nameFr: 'Accueil de la mairie', nameEn: 'Town hall front desk', email: 'accueil@mairie.example', phone: '+33 2 00 00 00 10' },
]

// The commune's extent (minLon,minLat,maxLon,maxLat): Open311 reports outside it are refused.
export const DEMO_TOWN_BBOX = '0.60,47.33,0.78,47.46'

// open311: false = private (a person's own affairs): never offered nor listed by Open311 (issue 17).
// kind: report | formal_request | idea | appointment. implicitDecisionDays: "silence vaut acceptation" after 2 months where it applies.
export const CATEGORIES = [
  { code: 'roads', kind: 'report', nameFr: 'Voirie (nid-de-poule, trottoir)', nameEn: 'Roads (pothole, pavement)', serviceCode: 'voirie', keywords: 'nid de poule,chaussée,trottoir' },
  { code: 'lighting', kind: 'report', nameFr: 'Éclairage public', nameEn: 'Street lighting', serviceCode: 'eclairage', keywords: 'lampadaire,éclairage' },
  { code: 'dumping', kind: 'report', nameFr: 'Dépôt sauvage', nameEn: 'Illegal dumping', serviceCode: 'proprete', keywords: 'dépôt sauvage,encombrants' },
  { code: 'graffiti', kind: 'report', nameFr: 'Tags et graffitis', nameEn: 'Graffiti', serviceCode: 'proprete', keywords: 'tag,graffiti' },
  { code: 'trees', kind: 'report', nameFr: 'Arbres et espaces verts', nameEn: 'Trees and green spaces', serviceCode: 'espaces_verts', keywords: 'arbre,branche' },
  { code: 'water', kind: 'report', nameFr: 'Fuite d’eau, égout', nameEn: 'Water leak, drain', serviceCode: 'eau', keywords: 'fuite,égout,avaloir' },
  { code: 'furniture', kind: 'report', nameFr: 'Mobilier urbain', nameEn: 'Street furniture', serviceCode: 'voirie', keywords: 'banc,panneau,poubelle' },
  { code: 'cleanliness', kind: 'report', nameFr: 'Propreté', nameEn: 'Cleanliness', serviceCode: 'proprete', keywords: 'poubelle,déchets,animal mort' },
  { code: 'other', kind: 'report', nameFr: 'Autre signalement', nameEn: 'Other report', serviceCode: 'accueil', keywords: '' },
  { code: 'civil_status', kind: 'formal_request', nameFr: 'Acte d’état civil', nameEn: 'Civil status certificate', serviceCode: 'etat_civil', keywords: 'acte de naissance,mariage,décès', implicitDecisionDays: null, open311: false },
  { code: 'school_enrollment', kind: 'formal_request', nameFr: 'Inscription scolaire', nameEn: 'School enrolment', serviceCode: 'scolaire', keywords: 'école,cantine,périscolaire', implicitDecisionDays: 60, open311: false },
  { code: 'building_permit', kind: 'formal_request', nameFr: 'Autorisation d’urbanisme', nameEn: 'Planning permission', serviceCode: 'urbanisme', keywords: 'permis,déclaration préalable', implicitDecisionDays: 60, open311: false },
  { code: 'subsidy', kind: 'formal_request', nameFr: 'Demande de subvention', nameEn: 'Grant application', serviceCode: 'vie_associative', keywords: 'subvention', implicitDecisionDays: 60, open311: false },
  { code: 'appointment', kind: 'appointment', nameFr: 'Rendez-vous', nameEn: 'Appointment', serviceCode: 'accueil', keywords: 'rendez-vous', open311: false },
  { code: 'participation', kind: 'idea', nameFr: 'Idée, participation citoyenne', nameEn: 'Idea, citizen participation', serviceCode: 'vie_associative', keywords: 'budget participatif,idée' },
]

const PLACES = [
  { code: 'mairie', kind: 'town_hall', nameFr: 'Hôtel de ville', nameEn: 'Town hall', aliases: 'mairie,hotel de ville,town hall,accueil', address: '1 place de la République', phone: '+33 2 00 00 00 10', hours: WEEKDAYS },
  { code: 'piscine', kind: 'pool', nameFr: 'Piscine municipale Léo-Lagrange', nameEn: 'Léo-Lagrange swimming pool', aliases: 'piscine,pool,swimming pool,bassin', address: '12 avenue Jean-Jaurès', phone: '+33 2 00 00 00 20', hours: { tue: [['12:00', '14:00'], ['17:00', '20:00']], wed: [['10:00', '19:00']], thu: [['12:00', '14:00'], ['17:00', '20:00']], fri: [['12:00', '14:00'], ['17:00', '21:00']], sat: [['10:00', '18:00']], sun: [['09:00', '13:00']] } },
  { code: 'mediatheque', kind: 'library', nameFr: 'Médiathèque Colette', nameEn: 'Colette library', aliases: 'mediatheque,bibliotheque,library,biblio', address: '3 rue Victor-Hugo', phone: '+33 2 00 00 00 21', hours: { tue: [['14:00', '18:00']], wed: [['10:00', '18:00']], fri: [['14:00', '19:00']], sat: [['10:00', '17:00']] } },
  { code: 'decheterie', kind: 'recycling_centre', nameFr: 'Déchèterie des Prés', nameEn: 'Les Prés recycling centre', aliases: 'decheterie,dechetterie,recycling centre,tip,dump', address: 'route de Nantes, ZA des Prés', phone: '+33 2 00 00 00 22', hours: { mon: [['14:00', '18:00']], wed: [['09:00', '12:00'], ['14:00', '18:00']], fri: [['14:00', '18:00']], sat: [['09:00', '12:00'], ['14:00', '18:00']] } },
  { code: 'cimetiere', kind: 'cemetery', nameFr: 'Cimetière communal', nameEn: 'Town cemetery', aliases: 'cimetiere,cemetery', address: 'chemin des Tilleuls', phone: null, hours: { mon: [['08:00', '18:00']], tue: [['08:00', '18:00']], wed: [['08:00', '18:00']], thu: [['08:00', '18:00']], fri: [['08:00', '18:00']], sat: [['08:00', '18:00']], sun: [['08:00', '18:00']] } },
  { code: 'gymnase', kind: 'sports_hall', nameFr: 'Gymnase Marie-Curie', nameEn: 'Marie-Curie sports hall', aliases: 'gymnase,salle de sport,sports hall,gym', address: '8 rue des Écoles', phone: '+33 2 00 00 00 23', hours: { mon: [['17:00', '22:00']], tue: [['17:00', '22:00']], wed: [['13:00', '22:00']], thu: [['17:00', '22:00']], fri: [['17:00', '22:00']], sat: [['09:00', '18:00']] } },
  { code: 'police', kind: 'municipal_police', nameFr: 'Police municipale', nameEn: 'Municipal police', aliases: 'police municipale,police,municipal police', address: '2 place de la République', phone: '+33 2 00 00 00 17', hours: WEEKDAYS },
]

const WASTE = [
  { area: 'Centre-ville', streets: 'rue Victor-Hugo,rue Jean-Jaurès,place de la République,rue des Écoles,rue Pasteur', stream: 'household', days: ['mon', 'thu'] },
  { area: 'Centre-ville', streets: 'rue Victor-Hugo,rue Jean-Jaurès,place de la République,rue des Écoles,rue Pasteur', stream: 'recycling', days: ['wed'] },
  { area: 'Les Prés', streets: 'avenue Jean-Jaurès,route de Nantes,rue des Lilas,chemin des Tilleuls', stream: 'household', days: ['tue', 'fri'] },
  { area: 'Les Prés', streets: 'avenue Jean-Jaurès,route de Nantes,rue des Lilas,chemin des Tilleuls', stream: 'recycling', days: ['thu'] },
  { area: 'Toute la commune', streets: '', stream: 'glass', days: [], notes: 'Verre : bornes d’apport volontaire (parking de la mairie, déchèterie).' },
  { area: 'Toute la commune', streets: '', stream: 'bulky', days: [], notes: 'Encombrants : sur rendez-vous, le premier mardi du mois, ou à la déchèterie.' },
]

function isoDate (d: Date): string {
  return d.toISOString().slice(0, 10)
}

/** Seeds the demo town once: does nothing when town data already exists. */
export async function seedDemoTown (db: Db, now = new Date()): Promise<boolean> {
  if (await db.municipalService.count() > 0) return false
  await db.$transaction(async tx => {
    for (const s of SERVICES) await tx.municipalService.create({ data: s })
    for (const c of CATEGORIES) await tx.ticketCategory.create({ data: c })
    for (const p of PLACES) await tx.place.create({ data: { ...p, hours: JSON.stringify(p.hours) } })
    for (const w of WASTE) await tx.wasteCollection.create({ data: { ...w, days: JSON.stringify(w.days) } })
    const mains = ['Poulet rôti, haricots verts', 'Lasagnes végétariennes', 'Poisson pané, purée', 'Bœuf bourguignon, carottes', 'Omelette, pommes de terre']
    for (let i = -3; i < 28; i++) {
      const day = new Date(now.getTime() + i * 86_400_000)
      if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue
      await tx.canteenMenu.create({ data: { date: isoDate(day), starter: 'Salade de saison', main: mains[(i + 3) % mains.length], dessert: 'Fruit ou yaourt' } })
    }
    const events = [
      { title: 'Marché de producteurs', place: 'Place de la République', days: 2, category: 'market' },
      { title: 'Concert de l’harmonie municipale', place: 'Église Saint-Martin', days: 5, category: 'concert' },
      { title: 'Fête de quartier des Prés', place: 'Parc des Prés', days: 9, category: 'festival' },
      { title: 'Conseil municipal', place: 'Hôtel de ville', days: 12, category: 'council' },
      { title: 'Atelier compostage', place: 'Déchèterie des Prés', days: 16, category: 'workshop' },
    ]
    for (const e of events) {
      const startsAt = new Date(now.getTime() + e.days * 86_400_000)
      startsAt.setUTCHours(16, 0, 0, 0)
      await tx.townEvent.create({ data: { title: e.title, place: e.place, category: e.category, startsAt, endsAt: new Date(startsAt.getTime() + 3 * 3_600_000) } })
    }
  })
  return true
}

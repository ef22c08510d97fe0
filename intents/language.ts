// French or English? franc is unreliable under ~30 characters ("merci", "rdv mairie"), and most
// SMS are that short, so a stopword/keyword vote decides first and franc only adds a vote on longer texts.
import { franc } from 'franc-min'
import type { Lang } from '../src/domain.ts'
import { normalizeText, tokenize } from './normalize.ts'

// Words that are (almost) only French or only English, accent-folded. Words shared by both
// ("a", "on", "me", "ok", "stop", "agent", "mail") are deliberately absent.
const FR_WORDS = new Set(('le la les de des du un une et est je tu il elle nous vous ils pour dans sur avec pas ne que qui ' +
  'quoi quel quelle quels quelles ou mon ma mes ton votre vos ce cette ces au aux sont suis ai avez peut veux voudrais ' +
  'bonjour bonsoir salut coucou merci oui non plait madame monsieur cordialement mairie rue demande carte identite acte ' +
  'naissance poubelle poubelles cantine horaires heure ouvert ouverte quand comment pourquoi faire avoir besoin aujourd hui ' +
  'demain semaine annuler parler quelqu personne signaler lampadaire panne devant chez mon trou mariage enfant ecole ' +
  'inscription rendez vous depuis toujours encore rien fait avec sans tres bien bon bonne journee soir mes ' +
  'permis travaux idee alertes maire piscine dechetterie marche fete menu ramassage collecte encombrants ' +
  'bibliotheque mediatheque cimetiere gymnase trottoir chaussee arbre fuite banc livret famille deces passeport ' +
  'garderie cantine spectacle dechets construire subvention aide demande signalement conseiller meteo impots ' +
  'travail chomage genial beaucoup ca cest inscrire renouveler perdu vole mairie salle quartier budget participatif ' +
  'egout poubelle jaune verte nouvelle nouveau prochain prochaine annee mois jour jours fermee ferme ouvre evenement evenements').split(' '))

const EN_WORDS = new Set(('the an is are am was i you my your to for of in at and or what when where how who why do does did ' +
  'can could would should will please hello hi hey thanks thank yes want need like have has this that there it get ' +
  'town hall street road bin bins open opening hours school lunch today tomorrow week weekend report broken light ' +
  'appointment book cancel talk speak someone person human birth certificate card passport with without still nothing ' +
  'any some which our we they me just about from new still kind regards dear sir morning evening bye goodbye our idea ' +
  'collection rubbish waste help subscribe unsubscribe alerts building permit grant ' +
  'phone number equipment dangerous cover moving cars requirements after registration form day fireworks time ' +
  'item items permission house available slots next propose citizen project results participatory bulky solar panels ' +
  'playground manhole canteen library pool swimming recycling centre center council councillor mayor garbage trash ' +
  'dump lamp tree fallen leak pavement sidewalk pothole marriage death renew lost stolen enrol enroll register ' +
  'events market grants subsidy status request reference tickets alerts weather tax taxes job thx bye ' +
  'police fence garden pay bill fees area neighbourhood neighborhood meeting public survey volunteer').split(' '))

const FRANC_MIN_LENGTH = 25
const FRANC_VOTE = 1.5

/** Votes by word lists, plus franc's vote when the text is long enough. Null when undecided. `normalized` is normalizeText(text), when the caller has it. */
export const detectLangOrNull = (text: string, normalized = normalizeText(text)): Lang | null => {
  // The words split once for the classifier and the FAQ too (tokenize); an empty word is in neither list.
  const words = tokenize(text, normalized)
  let fr = 0
  let en = 0
  for (let i = 0; i < words.length; i++) {
    const word = words[i]
    if (FR_WORDS.has(word)) fr++
    // « week-end » and "weekend" are both normalised to "week end", French as much as English: no vote.
    if (EN_WORDS.has(word) && !(word === 'week' && words[i + 1] === 'end')) en++
  }
  // franc is the costliest step of a turn (trigram profiles of the whole text): ask it only when
  // its vote can change the outcome, i.e. when the word counts differ by no more than that vote.
  if (text.length >= FRANC_MIN_LENGTH && Math.abs(fr - en) <= FRANC_VOTE) {
    const guess = franc(text, { only: ['fra', 'eng'] })
    if (guess === 'fra') fr += FRANC_VOTE
    if (guess === 'eng') en += FRANC_VOTE
  }
  if (fr === en) return null
  return fr > en ? 'fr' : 'en'
}

/** The message's language, or the conversation's (then French) when the message does not tell. */
export const detectLang = (text: string, fallback: Lang = 'fr'): Lang => detectLangOrNull(text) ?? fallback

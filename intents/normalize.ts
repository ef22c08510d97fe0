// Text normalisation shared by the classifier, language detection and keyword rules.
// Citizens write "Bjr jvoudrais 1 rdv svp!!!" as often as proper French, so the classifier
// sees one canonical, accent-free, lower-case form of both.

// SMS and chat abbreviations, written without accents (they are applied after accent folding).
const SMS_ABBREVIATIONS: Record<string, string> = {
  bjr: 'bonjour',
  bsr: 'bonsoir',
  slt: 'salut',
  cc: 'coucou',
  svp: 's il vous plait',
  stp: 's il te plait',
  sil: 's il',
  pls: 'please',
  plz: 'please',
  mrc: 'merci',
  mci: 'merci',
  bcp: 'beaucoup',
  jvoudrais: 'je voudrais',
  jvoudrai: 'je voudrais',
  jveux: 'je veux',
  jpeux: 'je peux',
  jsuis: 'je suis',
  chui: 'je suis',
  jai: 'j ai',
  jsais: 'je sais',
  cest: 'c est',
  ya: 'il y a',
  yatil: 'y a t il',
  kesk: 'qu est ce que',
  keske: 'qu est ce que',
  kestu: 'qu est ce que tu',
  koi: 'quoi',
  pq: 'pourquoi',
  pcq: 'parce que',
  qd: 'quand',
  qq: 'quelques',
  qqn: 'quelqu un',
  qqch: 'quelque chose',
  ds: 'dans',
  tjrs: 'toujours',
  tjs: 'toujours',
  rdv: 'rendez vous',
  rdz: 'rendez vous',
  cni: 'carte identite',
  asso: 'association',
  weekend: 'week end',
  auj: 'aujourd hui',
  ajd: 'aujourd hui',
  dmn: 'demain',
  mairi: 'mairie',
  pb: 'probleme',
  pbm: 'probleme',
  tel: 'telephone',
  num: 'numero',
  nb: 'nombre',
  av: 'avenue',
  bd: 'boulevard',
  thx: 'thanks',
  ty: 'thank you',
  u: 'you',
  r: 'are',
  ur: 'your',
  im: 'i am',
  dont: 'do not',
  cant: 'can not',
  wanna: 'want to',
  gonna: 'going to'
}

// The abbreviations as one regex of whole words. Own keys only: "constructor" or "tostring" are words, not Object's built-ins.
const SMS_ABBREVIATION = new RegExp(`\\b(?:${Object.keys(SMS_ABBREVIATIONS).join('|')})\\b`)
const SMS_ABBREVIATIONS_ALL = new RegExp(SMS_ABBREVIATION.source, 'g')

/** Lower case, no accents, no diacritics; keeps letters, digits and spaces. */
export const foldAccents = (text: string): string =>
  // Plain ASCII (most SMS and a good part of chat) has nothing to fold: skip the NFD pass and its replaces.
  NON_ASCII.test(text) ? text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/œ/g, 'oe').replace(/æ/g, 'ae') : text

const NON_ASCII = /[^\x00-\x7f]/

/** "bonjouuuur" → "bonjour", "!!!!" → "!". Three or more repeats collapse to one. */
export const collapseElongations = (text: string): string => text.replace(/(.)\1{2,}/g, '$1')

/**
 * The classifier's view of a message: lower case, accent-free, elongations collapsed,
 * apostrophes and punctuation turned into spaces, SMS abbreviations expanded.
 */
export const normalizeText = (text: string): string => {
  // Apostrophes ’'`´ become spaces too: they are among the [^a-z0-9] runs replaced here.
  const folded = collapseElongations(foldAccents(text.toLowerCase()))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
  // Words are runs of [a-z0-9] between single spaces, so \b…\b matches whole words only; most
  // messages have no abbreviation and skip splitting and joining the text word by word.
  return SMS_ABBREVIATION.test(folded) ? folded.replace(SMS_ABBREVIATIONS_ALL, word => SMS_ABBREVIATIONS[word]) : folded
}

// The words of the last text split: the classifier's features and the FAQ's read the same message
// in turn, and split it once between them. Frozen, since every caller shares the array.
let lastSplit: { normalized: string, words: readonly string[] } = { normalized: '', words: Object.freeze([]) }

/** Words of the normalised text (shared and frozen: read, do not change). `normalized` is normalizeText(text), when the caller has it. */
export const tokenize = (text: string, normalized = normalizeText(text)): readonly string[] => {
  if (normalized !== lastSplit.normalized) lastSplit = { normalized, words: Object.freeze(normalized === '' ? [] : normalized.split(' ')) }
  return lastSplit.words
}

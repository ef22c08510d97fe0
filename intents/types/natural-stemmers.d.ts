// natural's index pulls every storage backend, whose dotenv import prints to stdout and
// costs ~3 s; the stemmers are imported by path instead (see intents/features.ts).
declare module 'natural/lib/natural/stemmers/porter_stemmer_fr.js' {
  const stemmer: { stem (token: string): string }
  export default stemmer
}
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const stemmer: { stem (token: string): string }
  export default stemmer
}
declare module 'natural/lib/natural/ngrams/ngrams.js' {
  const ngrams: { bigrams (tokens: string[], startSymbol?: string, endSymbol?: string): string[][] }
  export default ngrams
}
declare module 'natural/lib/natural/util/stopwords.js' {
  const stopwords: { words: string[] }
  export default stopwords
}
declare module 'natural/lib/natural/util/stopwords_fr.js' {
  const stopwords: { words: string[] }
  export default stopwords
}

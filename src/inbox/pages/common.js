// Shared by /inbox and /manager: translations, the API client (cookie + CSRF header), sign-in,
// and el(), which only ever sets text (citizen text is hostile: never innerHTML).
const TEXTS = {
  fr: {
    skip: 'Aller au contenu', inboxTitle: 'Boîte de réception', managerTitle: 'Historique et recherche', navInbox: 'Boîte de réception', navManager: 'Historique',
    mainNav: 'Navigation principale', switchLang: 'English', signOut: 'Se déconnecter', signInTitle: 'Connexion', email: 'Adresse e-mail', password: 'Mot de passe',
    signIn: 'Se connecter', wrongCredentials: 'Adresse e-mail ou mot de passe incorrect.', tooMany: 'Trop de tentatives : réessayez plus tard.',
    conversations: 'Conversations', filter: 'Afficher', fOpen: 'Ouvertes', fNeeds: 'À traiter par une personne', fMine: 'Les miennes', fClosed: 'Fermées', fAll: 'Toutes',
    conversation: 'Conversation', chooseConversation: 'Choisissez une conversation dans la liste.', noConversation: 'Aucune conversation.',
    takeover: 'Prendre la main', handback: "Rendre la main à l'assistant", heldByBot: "L'assistant répond.", heldBy: 'Prise en main par', heldByNobody: 'Une personne est attendue.',
    assignTo: 'Attribuer à', assign: 'Attribuer', canned: 'Réponse type', none: '(aucune)', reply: 'Réponse au citoyen', send: 'Envoyer', note: 'Note interne (jamais envoyée)', addNote: 'Ajouter la note',
    messages: 'Messages', citizen: 'Citoyen', identities: 'Identités', tickets: 'Demandes', suggestions: 'Fusions suggérées', merge: 'Fusionner avec ce citoyen', merged: 'Fusion faite.',
    needsHuman: 'À traiter', waiting: 'attente', minutes: 'min', citizenAuthor: 'Citoyen', botAuthor: 'Assistant', agentAuthor: 'Agent', systemAuthor: 'Système', internal: 'Note interne',
    failed: 'Échec d’envoi', resend: 'Renvoyer', attachment: 'Pièce jointe', sent: 'Message envoyé.', noteSaved: 'Note ajoutée.', tookOver: 'Vous avez pris la main.', handedBack: "Conversation rendue à l'assistant.",
    conflict: 'Un autre agent tient déjà cette conversation.', error: 'Erreur', updated: 'Mise à jour reçue.', newMessage: 'Nouveau message dans la conversation.',
    search: 'Rechercher', searchText: 'Texte recherché', channel: 'Canal', intent: 'Intention', status: 'Statut', agent: 'Agent', from: 'Du', to: 'Au', any: 'Tous',
    exportCsv: 'Exporter en CSV', results: 'Résultats', resultCount: 'résultat(s)', date: 'Date', text: 'Texte', author: 'Auteur', figures: 'Chiffres',
    ticketStatus: 'Statut de la demande', update: 'Mettre à jour', ticketUpdated: 'Demande mise à jour.',
    ticket_new: 'Nouvelle', ticket_in_progress: 'En cours', ticket_waiting_citizen: 'En attente du citoyen', ticket_resolved: 'Résolue', ticket_closed: 'Close',
    pastMerges: 'Fusions faites', otherChannels: 'Ailleurs (autres conversations)', undoMerge: 'Annuler la fusion', undone: 'Fusion annulée.',
    whatsappClosed: 'La fenêtre WhatsApp de 24 h est fermée : un message libre ne sera pas délivré.', optedOut: 'Le citoyen a demandé STOP sur ce canal : rien ne lui sera envoyé.',
    ticketCategory: 'Catégorie de la demande', ticketDescription: 'Description de la demande', openTicket: 'Ouvrir une demande', ticketOpened: 'Demande ouverte.',
    byChannel: 'Conversations par canal', handoffs: 'Passages à une personne', medianFirst: 'Délai médian de première réponse (s)', openTimeline: 'Voir le parcours', timeline: 'Parcours du citoyen', open: 'Ouverte', closed: 'Fermée',
  },
  en: {
    skip: 'Skip to content', inboxTitle: 'Inbox', managerTitle: 'History and search', navInbox: 'Inbox', navManager: 'History',
    mainNav: 'Main navigation', switchLang: 'Français', signOut: 'Sign out', signInTitle: 'Sign in', email: 'Email address', password: 'Password',
    signIn: 'Sign in', wrongCredentials: 'Wrong email or password.', tooMany: 'Too many attempts: try again later.',
    conversations: 'Conversations', filter: 'Show', fOpen: 'Open', fNeeds: 'Needing a person', fMine: 'Mine', fClosed: 'Closed', fAll: 'All',
    conversation: 'Conversation', chooseConversation: 'Choose a conversation in the list.', noConversation: 'No conversation.',
    takeover: 'Take over', handback: 'Hand back to the assistant', heldByBot: 'The assistant is answering.', heldBy: 'Held by', heldByNobody: 'Waiting for a person.',
    assignTo: 'Assign to', assign: 'Assign', canned: 'Canned response', none: '(none)', reply: 'Reply to the citizen', send: 'Send', note: 'Internal note (never sent)', addNote: 'Add note',
    messages: 'Messages', citizen: 'Citizen', identities: 'Identities', tickets: 'Requests', suggestions: 'Suggested merges', merge: 'Merge with this citizen', merged: 'Merged.',
    needsHuman: 'Needs a person', waiting: 'waiting', minutes: 'min', citizenAuthor: 'Citizen', botAuthor: 'Assistant', agentAuthor: 'Agent', systemAuthor: 'System', internal: 'Internal note',
    failed: 'Delivery failed', resend: 'Resend', attachment: 'Attachment', sent: 'Message sent.', noteSaved: 'Note added.', tookOver: 'You took over.', handedBack: 'Handed back to the assistant.',
    conflict: 'Another agent already holds this conversation.', error: 'Error', updated: 'Update received.', newMessage: 'New message in the conversation.',
    search: 'Search', searchText: 'Text to find', channel: 'Channel', intent: 'Intent', status: 'Status', agent: 'Agent', from: 'From', to: 'To', any: 'Any',
    exportCsv: 'Export as CSV', results: 'Results', resultCount: 'result(s)', date: 'Date', text: 'Text', author: 'Author', figures: 'Figures',
    ticketStatus: 'Request status', update: 'Update', ticketUpdated: 'Request updated.',
    ticket_new: 'New', ticket_in_progress: 'In progress', ticket_waiting_citizen: 'Waiting for the citizen', ticket_resolved: 'Resolved', ticket_closed: 'Closed',
    pastMerges: 'Past merges', otherChannels: 'Elsewhere (other conversations)', undoMerge: 'Undo the merge', undone: 'Merge undone.',
    whatsappClosed: "WhatsApp's 24-hour window is closed: free text will not be delivered.", optedOut: 'The citizen sent STOP on this channel: nothing will be sent.',
    ticketCategory: 'Request category', ticketDescription: 'Request description', openTicket: 'Open a request', ticketOpened: 'Request opened.',
    byChannel: 'Conversations by channel', handoffs: 'Hand-offs to a person', medianFirst: 'Median first response time (s)', openTimeline: 'Open timeline', timeline: "Citizen's timeline", open: 'Open', closed: 'Closed',
  },
}

let lang = localStorage.getItem('inbox-lang') === 'en' ? 'en' : 'fr'
let csrfToken = ''
export const t = key => TEXTS[lang][key] ?? key
export const currentLang = () => lang

/** Creates an element; children strings become text nodes, never markup. */
export function el (tag, attrs = {}, ...children) {
  const node = document.createElement(tag)
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value)
    else node.setAttribute(key, value === true ? '' : String(value))
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child instanceof Node ? child : document.createTextNode(String(child)))
  return node
}

export function applyTexts () {
  document.documentElement.lang = lang
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n)
  for (const node of document.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel))
  const switcher = document.getElementById('lang-switch')
  if (switcher) switcher.lang = lang === 'fr' ? 'en' : 'fr'
}

export function announce (text) {
  const status = document.getElementById('status')
  status.textContent = ''
  setTimeout(() => { status.textContent = text }, 50)
}

export async function api (method, url, body) {
  const headers = { accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' })
  const data = res.headers.get('content-type')?.includes('json') ? await res.json() : undefined
  if (!res.ok) { const error = new Error(data?.message ?? res.statusText); error.status = res.status; throw error }
  return data
}

/** Shows the sign-in form until the agent is signed in, then calls onSignedIn(agent). */
export async function startPage (onSignedIn) {
  applyTexts()
  document.getElementById('lang-switch').addEventListener('click', () => {
    lang = lang === 'fr' ? 'en' : 'fr'
    localStorage.setItem('inbox-lang', lang)
    applyTexts()
    document.dispatchEvent(new Event('langchange'))
  })
  document.getElementById('sign-out').addEventListener('click', async () => {
    await api('POST', '/api/auth/logout').catch(() => {})
    location.reload()
  })
  const loginView = document.getElementById('login-view')
  const appView = document.getElementById('app-view')
  const show = agent => {
    loginView.hidden = true
    appView.hidden = false
    document.getElementById('sign-out').hidden = false
    onSignedIn(agent)
  }
  try {
    const me = await api('GET', '/api/auth/me')
    csrfToken = me.csrfToken
    show(me.agent)
  } catch {
    loginView.hidden = false
    document.getElementById('email').focus()
  }
  document.getElementById('login-form').addEventListener('submit', async event => {
    event.preventDefault()
    const error = document.getElementById('login-error')
    error.textContent = ''
    try {
      const result = await api('POST', '/api/auth/login', { email: document.getElementById('email').value, password: document.getElementById('password').value })
      csrfToken = result.csrfToken
      show(result.agent)
    } catch (e) {
      error.textContent = e.status === 429 ? t('tooMany') : t('wrongCredentials')
    }
  })
}

export function openLiveFeed (onEvent) {
  let delay = 500
  const connect = () => {
    const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/live/ws`)
    socket.addEventListener('open', () => { delay = 500 })
    socket.addEventListener('message', event => onEvent(JSON.parse(event.data)))
    socket.addEventListener('close', () => { setTimeout(connect, delay); delay = Math.min(delay * 2, 15000) })
  }
  connect()
}

export const formatDate = iso => new Date(iso).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' })

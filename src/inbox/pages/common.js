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
    messages: 'Messages', citizen: 'Citoyen·ne', identities: 'Identités', alertSubscriptions: 'Abonnements aux alertes', noAlerts: 'Aucun abonnement aux alertes.', unsubscribeAlert: 'Désabonner à sa demande', alertRemoved: 'Désabonnement enregistré.', tickets: 'Demandes', suggestions: 'Fusions suggérées', merge: 'Fusionner avec ce citoyen', merged: 'Fusion faite.',
    needsHuman: 'À traiter', waiting: 'attente', minutes: 'min', citizenAuthor: 'Citoyen·ne', botAuthor: 'Assistant', agentAuthor: 'Agent', systemAuthor: 'Système', internal: 'Note interne',
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
    navDashboard: 'Tableau de bord', navAdmin: 'Données de la commune', navBroadcasts: 'Alertes', navConsultations: 'Consultations', navIdeas: 'Idées', dashboardTitle: 'Tableau de bord et historique', shortcuts: 'Raccourcis clavier', close: 'Fermer',
    fService: 'Service', fChannel: 'Canal', allServices: 'Tous les services', allChannels: 'Tous les canaux', reception: 'Accueil (sans service)',
    citizenFallback: 'Citoyen·ne', ch_webchat: 'Chat du site', ch_sms: 'SMS', ch_whatsapp: 'WhatsApp', ch_twilio: 'SMS / WhatsApp', ch_email: 'E-mail', ch_botframework: 'Teams / Messenger', ch_open311: 'Open311', ch_agent: 'Agent', ch_none: 'Inconnu',
    ds_pending: 'en attente d’envoi', ds_held: 'différé', ds_queued: 'en file', ds_sent: 'envoyé', ds_delivered: 'remis', ds_read: 'lu', ds_undelivered: 'non remis',
    overdue: 'En retard', waitingWork: 'attente (heures ouvrées)', hoursShort: 'h', openAttachment: 'Ouvrir', downloadAttachment: 'Télécharger', pdfNewTab: '(PDF, nouvel onglet)', attachmentOf: 'Pièce jointe de la demande',
    nameLabel: 'Nom affiché', saveName: 'Enregistrer le nom', nameSaved: 'Nom enregistré.', signedInAs: 'Connecté·e :',
    openedConversation: 'Conversation ouverte :', listUpdated: 'Liste mise à jour.', noMore: 'Pas d’autre conversation dans la liste.',
    cannedHint: 'Tapez / pour une réponse type.', cannedCount: 'réponse(s) type : flèches pour choisir, Entrée pour insérer, Échap pour fermer.', cannedNone: 'Aucune réponse type ne correspond.', cannedInserted: 'Réponse type insérée.',
    k_next: 'Conversation suivante', k_prev: 'Conversation précédente', k_take: 'Prendre la main', k_reply: 'Écrire une réponse', k_hand: "Rendre la main à l'assistant", k_note: 'Écrire une note interne', k_help: 'Afficher cette aide', k_escape: 'Quitter le champ de texte (les raccourcis reprennent)', k_canned: 'Dans la réponse : choisir une réponse type',
    shortcutsIntro: 'Les raccourcis ne s’appliquent pas pendant la saisie dans un champ de texte.', key: 'Touche', action: 'Action',
    notAllowed: 'Cette page est réservée aux responsables et aux administrateurs.', backToInbox: 'Retour à la boîte de réception',
    period: 'Période', pToday: 'Aujourd’hui', p7: '7 derniers jours', p30: '30 derniers jours', pMonth: 'Mois en cours', pCustom: 'Personnalisée', show: 'Afficher',
    kConversations: 'Conversations ouvertes', kWithoutPerson: 'Réglées sans personne', kFirstResponse: 'Première réponse d’un agent (heures ouvrées)', kBacklog: 'Demandes en cours',
    median: 'médiane', p90: '90e centile', cByChannel: 'Conversations par canal', cByDay: 'Conversations par jour', cIntents: 'Demandes des citoyens (intentions)', cHandoffs: 'Passages à une personne, par motif',
    cTickets: 'Demandes ouvertes et résolues par service', cBacklog: 'Demandes en cours par ancienneté', cSatisfaction: 'Satisfaction par service (1 à 5)',
    dataTable: 'Données du graphique', csv: 'CSV', count: 'Nombre', day: 'Jour', opened: 'Ouvertes', resolved: 'Résolues', medianResolution: 'Résolution médiane (heures ouvrées)', answers: 'Réponses', average: 'Moyenne', service: 'Service', reason: 'Motif', age: 'Ancienneté',
    drillTitle: 'Détail', drillOpen: 'Voir le détail', drillCount: 'élément(s)', openInInbox: 'Ouvrir', reference: 'Référence', title: 'Objet', created: 'Créée le', lastActivity: 'Dernière activité', noData: 'Aucune donnée sur la période.',
    r_asked_for_agent: 'Demande du citoyen', r_misunderstood: 'Incompréhension', r_agent_initiative: 'Initiative d’un agent', r_none: 'Non précisé',
    b_lt1d: 'Moins d’un jour', b_1to7d: '1 à 7 jours', b_7to30d: '7 à 30 jours', b_gt30d: 'Plus de 30 jours', dashboardLoaded: 'Tableau de bord mis à jour.',
  },
  en: {
    skip: 'Skip to content', inboxTitle: 'Inbox', managerTitle: 'History and search', navInbox: 'Inbox', navManager: 'History',
    mainNav: 'Main navigation', switchLang: 'Français', signOut: 'Sign out', signInTitle: 'Sign in', email: 'Email address', password: 'Password',
    signIn: 'Sign in', wrongCredentials: 'Wrong email or password.', tooMany: 'Too many attempts: try again later.',
    conversations: 'Conversations', filter: 'Show', fOpen: 'Open', fNeeds: 'Needing a person', fMine: 'Mine', fClosed: 'Closed', fAll: 'All',
    conversation: 'Conversation', chooseConversation: 'Choose a conversation in the list.', noConversation: 'No conversation.',
    takeover: 'Take over', handback: 'Hand back to the assistant', heldByBot: 'The assistant is answering.', heldBy: 'Held by', heldByNobody: 'Waiting for a person.',
    assignTo: 'Assign to', assign: 'Assign', canned: 'Canned response', none: '(none)', reply: 'Reply to the citizen', send: 'Send', note: 'Internal note (never sent)', addNote: 'Add note',
    messages: 'Messages', citizen: 'Citizen', identities: 'Identities', alertSubscriptions: 'Alert subscriptions', noAlerts: 'No alert subscription.', unsubscribeAlert: 'Unsubscribe at their request', alertRemoved: 'Unsubscribed.', tickets: 'Requests', suggestions: 'Suggested merges', merge: 'Merge with this citizen', merged: 'Merged.',
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
    navDashboard: 'Dashboard', navAdmin: 'Town data', navBroadcasts: 'Alerts', navConsultations: 'Consultations', navIdeas: 'Ideas', dashboardTitle: 'Dashboard and history', shortcuts: 'Keyboard shortcuts', close: 'Close',
    fService: 'Service', fChannel: 'Channel', allServices: 'All services', allChannels: 'All channels', reception: 'Reception (no service)',
    citizenFallback: 'Citizen', ch_webchat: 'Web chat', ch_sms: 'SMS', ch_whatsapp: 'WhatsApp', ch_twilio: 'SMS / WhatsApp', ch_email: 'Email', ch_botframework: 'Teams / Messenger', ch_open311: 'Open311', ch_agent: 'Agent', ch_none: 'Unknown',
    ds_pending: 'waiting to be sent', ds_held: 'held', ds_queued: 'queued', ds_sent: 'sent', ds_delivered: 'delivered', ds_read: 'read', ds_undelivered: 'undelivered',
    overdue: 'Overdue', waitingWork: 'waiting (working hours)', hoursShort: 'h', openAttachment: 'Open', downloadAttachment: 'Download', pdfNewTab: '(PDF, new tab)', attachmentOf: 'Attachment of request',
    nameLabel: 'Display name', saveName: 'Save the name', nameSaved: 'Name saved.', signedInAs: 'Signed in:',
    openedConversation: 'Conversation opened:', listUpdated: 'List updated.', noMore: 'No other conversation in the list.',
    cannedHint: 'Type / for a canned response.', cannedCount: 'canned response(s): arrows to choose, Enter to insert, Escape to close.', cannedNone: 'No canned response matches.', cannedInserted: 'Canned response inserted.',
    k_next: 'Next conversation', k_prev: 'Previous conversation', k_take: 'Take over', k_reply: 'Write a reply', k_hand: 'Hand back to the assistant', k_note: 'Write an internal note', k_help: 'Show this help', k_escape: 'Leave the text field (shortcuts work again)', k_canned: 'In the reply: choose a canned response',
    shortcutsIntro: 'Shortcuts do not apply while typing in a text field.', key: 'Key', action: 'Action',
    notAllowed: 'This page is for managers and administrators.', backToInbox: 'Back to the inbox',
    period: 'Period', pToday: 'Today', p7: 'Last 7 days', p30: 'Last 30 days', pMonth: 'This month', pCustom: 'Custom', show: 'Show',
    kConversations: 'Conversations opened', kWithoutPerson: 'Settled without a person', kFirstResponse: 'First response by an agent (working hours)', kBacklog: 'Open requests',
    median: 'median', p90: '90th percentile', cByChannel: 'Conversations by channel', cByDay: 'Conversations by day', cIntents: "Citizens' requests (intents)", cHandoffs: 'Hand-offs to a person, by reason',
    cTickets: 'Requests opened and resolved by service', cBacklog: 'Open requests by age', cSatisfaction: 'Satisfaction by service (1 to 5)',
    dataTable: 'Chart data', csv: 'CSV', count: 'Count', day: 'Day', opened: 'Opened', resolved: 'Resolved', medianResolution: 'Median resolution (working hours)', answers: 'Answers', average: 'Average', service: 'Service', reason: 'Reason', age: 'Age',
    drillTitle: 'Detail', drillOpen: 'Show detail', drillCount: 'item(s)', openInInbox: 'Open', reference: 'Reference', title: 'Subject', created: 'Created', lastActivity: 'Last activity', noData: 'No data for this period.',
    r_asked_for_agent: 'Asked by the citizen', r_misunderstood: 'Not understood', r_agent_initiative: "An agent's initiative", r_none: 'Not given',
    b_lt1d: 'Under a day', b_1to7d: '1 to 7 days', b_7to30d: '7 to 30 days', b_gt30d: 'Over 30 days', dashboardLoaded: 'Dashboard updated.',
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
  const show = (agent, fromLogin) => {
    loginView.hidden = true
    appView.hidden = false
    document.getElementById('sign-out').hidden = false
    // Role-aware pages: what the agent may not use is not shown (issue 18).
    for (const node of document.querySelectorAll('[data-requires="manager"]')) node.hidden = !isManager(agent)
    onSignedIn(agent, { fromLogin })
  }
  try {
    const me = await api('GET', '/api/auth/me')
    csrfToken = me.csrfToken
    show(me.agent, false)
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
      show(result.agent, true)
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

export const channelLabel = (channel, identityKind) => t(identityKind === 'phone' ? 'ch_sms' : identityKind === 'whatsapp' ? 'ch_whatsapp' : `ch_${channel ?? 'none'}`)
/** A citizen as agents see them: their name, else « Citoyen·ne 4F2A » — never a raw id (issue 18). */
export const citizenLabel = citizen => citizen.displayName || `${t('citizenFallback')} ${citizen.shortCode ?? ''}`.trim()
export const deliveryLabel = status => TEXTS[lang][`ds_${status}`] ?? status

/** True when keys typed now belong to a text field (shortcuts must never steal them). */
export function isTyping (target) {
  if (!(target instanceof Element)) return false
  return target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]') !== null
}

/** Focus an element that may not be focusable by itself (a heading), for keyboard and screen-reader users. */
export function focusOn (node) {
  if (!node) return
  if (!node.hasAttribute('tabindex') && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(node.tagName)) node.setAttribute('tabindex', '-1')
  node.focus()
}

export const isManager = agent => agent.role === 'manager' || agent.role === 'admin'

// Texts of the alerts, consultations and ideas pages (the shared sign-in texts are common.js's).
import { currentLang } from '/inbox-assets/common.js'

const TEXTS = {
  fr: {
    broadcastsTitle: 'Alertes aux habitants', newBroadcast: 'Nouvelle alerte', topic: 'Thème', textFr: 'Texte en français', textEn: 'Texte en anglais (facultatif)',
    zone: 'Rue ou quartier (facultatif)', urgent: 'Urgent : envoyer aussi la nuit', sendAt: 'Envoyer le (facultatif)', endsAt: 'En vigueur jusqu’au (facultatif)',
    preview: 'Prévisualiser', send: 'Envoyer', previewTitle: 'Prévisualisation', recipients: 'Destinataires', excluded: 'Exclus', held: 'Attendent le matin',
    none: 'aucun', sms: 'SMS', whatsapp: 'WhatsApp', email: 'e-mail', webchat: 'chat du site', botframework: 'Teams / Messenger',
    stop: 'STOP demandé', no_consent: 'sans consentement enregistré', whatsapp_window: 'WhatsApp hors fenêtre de 24 h sans modèle', channel_off: 'canal non configuré', quiet_hours: 'heures de silence',
    history: 'Alertes envoyées', date: 'Date', text: 'Texte', status: 'Statut', progress: 'Avancement', actions: 'Actions', cancel: 'Annuler l’envoi', details: 'Chiffres',
    planning: 'en préparation', sending: 'en cours d’envoi', done: 'terminée', cancelled: 'annulée', created: 'Alerte enregistrée : envoi en cours.', cancelledNow: 'Envoi annulé.',
    figures: 'Chiffres de distribution', channel: 'Canal', planned: 'Prévus', waiting: 'En attente', sent: 'Envoyés', delivered: 'Distribués', read: 'Lus', failed: 'Échecs', cancelledCol: 'Annulés',
    consultationsTitle: 'Consultations', newConsultation: 'Nouvelle consultation', questionFr: 'Question en français', questionEn: 'Question en anglais (facultatif)',
    options: 'Options (2 à 6, ou aucune pour des réponses libres)', option: 'Option', optionFr: 'en français', optionEn: 'en anglais', noTopic: '(pas d’envoi : chat seulement)',
    closesAt: 'Clôture le', openInChat: 'Poser aussi la question dans le chat du site', createConsultation: 'Lancer la consultation', consultationCreated: 'Consultation lancée.', list: 'Consultations', choose: 'Voir les résultats',
    results: 'Résultats', total: 'Réponses', answers: 'réponses', exportCsv: 'Exporter en CSV', close: 'Clore maintenant', closed: 'close', open: 'ouverte', freeText: 'Réponses libres (regroupées)',
    count: 'Nombre', chartLabel: 'Graphique des réponses par option', byChannelTitle: 'Par canal', question: 'Question', closesOn: 'Clôture',
    ideasTitle: 'Idées des habitants', reference: 'Référence', idea: 'Idée', note: 'Message au citoyen (facultatif)', save: 'Enregistrer', saved: 'Statut enregistré : le citoyen est prévenu.',
    received: 'reçue', studied: 'à l’étude', retained: 'retenue pour le budget participatif', not_retained: 'non retenue', noIdea: 'Aucune idée pour le moment.',
  },
  en: {
    broadcastsTitle: 'Alerts to residents', newBroadcast: 'New alert', topic: 'Topic', textFr: 'Text in French', textEn: 'Text in English (optional)',
    zone: 'Street or area (optional)', urgent: 'Urgent: send at night too', sendAt: 'Send on (optional)', endsAt: 'In force until (optional)',
    preview: 'Preview', send: 'Send', previewTitle: 'Preview', recipients: 'Recipients', excluded: 'Excluded', held: 'Waiting for the morning',
    none: 'none', sms: 'SMS', whatsapp: 'WhatsApp', email: 'email', webchat: 'website chat', botframework: 'Teams / Messenger',
    stop: 'sent STOP', no_consent: 'no recorded consent', whatsapp_window: 'WhatsApp outside the 24-hour window, no template', channel_off: 'channel not configured', quiet_hours: 'quiet hours',
    history: 'Alerts sent', date: 'Date', text: 'Text', status: 'Status', progress: 'Progress', actions: 'Actions', cancel: 'Cancel sending', details: 'Figures',
    planning: 'being prepared', sending: 'sending', done: 'done', cancelled: 'cancelled', created: 'Alert recorded: sending.', cancelledNow: 'Sending cancelled.',
    figures: 'Delivery figures', channel: 'Channel', planned: 'Planned', waiting: 'Waiting', sent: 'Sent', delivered: 'Delivered', read: 'Read', failed: 'Failed', cancelledCol: 'Cancelled',
    consultationsTitle: 'Consultations', newConsultation: 'New consultation', questionFr: 'Question in French', questionEn: 'Question in English (optional)',
    options: 'Options (2 to 6, or none for free answers)', option: 'Option', optionFr: 'in French', optionEn: 'in English', noTopic: '(not sent: chat only)',
    closesAt: 'Closes on', openInChat: 'Also ask it in the website chat', createConsultation: 'Start the consultation', consultationCreated: 'Consultation started.', list: 'Consultations', choose: 'See the results',
    results: 'Results', total: 'Answers', answers: 'answers', exportCsv: 'Export as CSV', close: 'Close now', closed: 'closed', open: 'open', freeText: 'Free answers (grouped)',
    count: 'Count', chartLabel: 'Chart of the answers per option', byChannelTitle: 'By channel', question: 'Question', closesOn: 'Closes',
    ideasTitle: 'Residents’ ideas', reference: 'Reference', idea: 'Idea', note: 'Message to the citizen (optional)', save: 'Save', saved: 'Status saved: the citizen is told.',
    received: 'received', studied: 'being studied', retained: 'retained for the participatory budget', not_retained: 'not retained', noIdea: 'No idea yet.',
  },
}

export const tt = key => TEXTS[currentLang()][key] ?? key

export function applyAlertTexts () {
  for (const node of document.querySelectorAll('[data-t]')) node.textContent = tt(node.dataset.t)
}

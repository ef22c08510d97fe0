// Meta's customer-service window: free text may be sent to a WhatsApp user only within 24 hours of
// their last message; after it, only approved templates. One definition, read by the sender and
// by the inbox (which shows agents when the window closes).
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000

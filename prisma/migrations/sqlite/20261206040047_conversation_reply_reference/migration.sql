-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN "replyReference" TEXT;

-- Existing email conversations: the email channel's reply reference is the headers of the
-- conversation's latest inbound mail (Message-ID, References, subject), as the outbox used to
-- read them at every send. Stored whole, in the envelope the core hands back to that channel only.
UPDATE "Conversation" SET "replyReference" = (
  SELECT '{"channel":"email","reference":' || l."meta" || '}' FROM "Message" l
  WHERE l."conversationId" = "Conversation"."id" AND l."direction" = 'inbound' AND l."channel" = "Conversation"."channel"
  ORDER BY l."id" DESC LIMIT 1
) WHERE "channel" = 'email';

-- DropIndex
DROP INDEX "Message_channel_externalId_key";

-- DropIndex
DROP INDEX "Message_processedAt_idx";

-- DropIndex
DROP INDEX "Message_providerMessageId_idx";

-- CreateIndex
CREATE INDEX "Message_providerMessageId_idx" ON "Message"("providerMessageId") WHERE ("providerMessageId" IS NOT NULL);

-- CreateIndex
CREATE INDEX "Message_unprocessed_idx" ON "Message"("id") WHERE ("direction" = 'inbound' AND "processedAt" IS NULL);

-- CreateIndex
CREATE UNIQUE INDEX "Message_channel_externalId_key" ON "Message"("channel", "externalId") WHERE ("externalId" IS NOT NULL);

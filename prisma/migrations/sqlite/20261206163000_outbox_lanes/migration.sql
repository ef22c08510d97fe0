-- DropIndex
DROP INDEX "OutboxItem_broadcastId_status_idx";

-- CreateIndex
CREATE INDEX "OutboxItem_broadcastId_status_nextAttemptAt_idx" ON "OutboxItem"("broadcastId", "status", "nextAttemptAt");

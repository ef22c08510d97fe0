-- CreateIndex
CREATE INDEX "Ticket_conversationId_createdAt_idx" ON "Ticket"("conversationId", "createdAt");

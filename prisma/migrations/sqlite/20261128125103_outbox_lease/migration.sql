-- AlterTable
ALTER TABLE "OutboxItem" ADD COLUMN "leaseId" TEXT;

-- CreateIndex
CREATE INDEX "OutboxItem_leaseId_idx" ON "OutboxItem"("leaseId");

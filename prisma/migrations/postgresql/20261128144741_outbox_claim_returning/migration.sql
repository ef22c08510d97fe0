-- DropIndex
DROP INDEX "OutboxItem_leaseId_idx";

-- AlterTable
ALTER TABLE "Broadcast" ADD COLUMN "plannerId" TEXT;
ALTER TABLE "Broadcast" ADD COLUMN "plannerUntil" DATETIME;

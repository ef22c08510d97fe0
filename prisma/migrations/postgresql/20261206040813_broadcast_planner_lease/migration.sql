-- AlterTable
ALTER TABLE "Broadcast" ADD COLUMN     "plannerId" TEXT,
ADD COLUMN     "plannerUntil" TIMESTAMP(3);

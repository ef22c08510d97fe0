-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN "satisfaction" INTEGER;
ALTER TABLE "Ticket" ADD COLUMN "satisfactionAskedAt" DATETIME;

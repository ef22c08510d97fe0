-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "satisfaction" INTEGER,
ADD COLUMN     "satisfactionAskedAt" TIMESTAMP(3);

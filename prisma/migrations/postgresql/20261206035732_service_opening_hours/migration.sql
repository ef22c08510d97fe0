-- AlterTable
ALTER TABLE "MunicipalService" ADD COLUMN     "openingHours" TEXT NOT NULL DEFAULT '';

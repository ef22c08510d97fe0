-- AlterTable
ALTER TABLE "MunicipalService" ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Place" ADD COLUMN     "openingHours" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0,
ALTER COLUMN "hours" SET DEFAULT '{}';

-- AlterTable
ALTER TABLE "TicketCategory" ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "TownEvent" ADD COLUMN     "externalUid" TEXT,
ADD COLUMN     "link" TEXT,
ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rrule" TEXT,
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'file';

-- AlterTable
ALTER TABLE "WasteCollection" ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rule" TEXT,
ADD COLUMN     "zone" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "PlaceException" (
    "id" TEXT NOT NULL,
    "placeId" TEXT NOT NULL,
    "from" TIMESTAMP(3) NOT NULL,
    "to" TIMESTAMP(3) NOT NULL,
    "open" BOOLEAN NOT NULL DEFAULT false,
    "noteFr" TEXT,
    "noteEn" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlaceException_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FaqEntry" (
    "id" TEXT NOT NULL,
    "questions" TEXT NOT NULL,
    "answerFr" TEXT NOT NULL,
    "answerEn" TEXT NOT NULL,
    "link" TEXT,
    "tags" TEXT NOT NULL DEFAULT '[]',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "redirectName" TEXT,
    "redirectContact" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FaqEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TownSetting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TownSetting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "SchoolHoliday" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "zone" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,

    CONSTRAINT "SchoolHoliday_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FeedStatus" (
    "name" TEXT NOT NULL,
    "url" TEXT,
    "lastSuccessAt" TIMESTAMP(3),
    "lastErrorAt" TIMESTAMP(3),
    "lastError" TEXT,
    "itemCount" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FeedStatus_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "PlaceException_placeId_to_idx" ON "PlaceException"("placeId", "to");

-- CreateIndex
CREATE UNIQUE INDEX "SchoolHoliday_zone_name_from_key" ON "SchoolHoliday"("zone", "name", "from");

-- CreateIndex
CREATE INDEX "TownEvent_source_externalUid_idx" ON "TownEvent"("source", "externalUid");

-- AddForeignKey
ALTER TABLE "PlaceException" ADD CONSTRAINT "PlaceException_placeId_fkey" FOREIGN KEY ("placeId") REFERENCES "Place"("id") ON DELETE CASCADE ON UPDATE CASCADE;

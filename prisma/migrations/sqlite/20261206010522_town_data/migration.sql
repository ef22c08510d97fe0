-- CreateTable
CREATE TABLE "PlaceException" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "placeId" TEXT NOT NULL,
    "from" DATETIME NOT NULL,
    "to" DATETIME NOT NULL,
    "open" BOOLEAN NOT NULL DEFAULT false,
    "noteFr" TEXT,
    "noteEn" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PlaceException_placeId_fkey" FOREIGN KEY ("placeId") REFERENCES "Place" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FaqEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "questions" TEXT NOT NULL,
    "answerFr" TEXT NOT NULL,
    "answerEn" TEXT NOT NULL,
    "link" TEXT,
    "tags" TEXT NOT NULL DEFAULT '[]',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "redirectName" TEXT,
    "redirectContact" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TownSetting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SchoolHoliday" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "zone" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "FeedStatus" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "url" TEXT,
    "lastSuccessAt" DATETIME,
    "lastErrorAt" DATETIME,
    "lastError" TEXT,
    "itemCount" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MunicipalService" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "nameFr" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "address" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_MunicipalService" ("address", "code", "email", "nameEn", "nameFr", "phone") SELECT "address", "code", "email", "nameEn", "nameFr", "phone" FROM "MunicipalService";
DROP TABLE "MunicipalService";
ALTER TABLE "new_MunicipalService" RENAME TO "MunicipalService";
CREATE TABLE "new_Place" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "nameFr" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "aliases" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "phone" TEXT,
    "hours" TEXT NOT NULL DEFAULT '{}',
    "notes" TEXT,
    "openingHours" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_Place" ("address", "aliases", "code", "hours", "id", "kind", "nameEn", "nameFr", "notes", "phone") SELECT "address", "aliases", "code", "hours", "id", "kind", "nameEn", "nameFr", "notes", "phone" FROM "Place";
DROP TABLE "Place";
ALTER TABLE "new_Place" RENAME TO "Place";
CREATE UNIQUE INDEX "Place_code_key" ON "Place"("code");
CREATE TABLE "new_TicketCategory" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "nameFr" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "descriptionFr" TEXT,
    "descriptionEn" TEXT,
    "serviceCode" TEXT NOT NULL,
    "open311" BOOLEAN NOT NULL DEFAULT true,
    "keywords" TEXT,
    "implicitDecisionDays" INTEGER,
    "position" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "TicketCategory_serviceCode_fkey" FOREIGN KEY ("serviceCode") REFERENCES "MunicipalService" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_TicketCategory" ("code", "descriptionEn", "descriptionFr", "implicitDecisionDays", "keywords", "kind", "nameEn", "nameFr", "open311", "serviceCode") SELECT "code", "descriptionEn", "descriptionFr", "implicitDecisionDays", "keywords", "kind", "nameEn", "nameFr", "open311", "serviceCode" FROM "TicketCategory";
DROP TABLE "TicketCategory";
ALTER TABLE "new_TicketCategory" RENAME TO "TicketCategory";
CREATE TABLE "new_TownEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "place" TEXT,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME,
    "category" TEXT,
    "link" TEXT,
    "externalUid" TEXT,
    "source" TEXT NOT NULL DEFAULT 'file',
    "rrule" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_TownEvent" ("category", "description", "endsAt", "id", "place", "startsAt", "title") SELECT "category", "description", "endsAt", "id", "place", "startsAt", "title" FROM "TownEvent";
DROP TABLE "TownEvent";
ALTER TABLE "new_TownEvent" RENAME TO "TownEvent";
CREATE INDEX "TownEvent_startsAt_idx" ON "TownEvent"("startsAt");
CREATE INDEX "TownEvent_source_externalUid_idx" ON "TownEvent"("source", "externalUid");
CREATE TABLE "new_WasteCollection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "area" TEXT NOT NULL,
    "streets" TEXT NOT NULL,
    "stream" TEXT NOT NULL,
    "days" TEXT NOT NULL,
    "notes" TEXT,
    "rule" TEXT,
    "zone" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_WasteCollection" ("area", "days", "id", "notes", "stream", "streets") SELECT "area", "days", "id", "notes", "stream", "streets" FROM "WasteCollection";
DROP TABLE "WasteCollection";
ALTER TABLE "new_WasteCollection" RENAME TO "WasteCollection";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "PlaceException_placeId_to_idx" ON "PlaceException"("placeId", "to");

-- CreateIndex
CREATE UNIQUE INDEX "SchoolHoliday_zone_name_from_key" ON "SchoolHoliday"("zone", "name", "from");

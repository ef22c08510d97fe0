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
    "position" INTEGER NOT NULL DEFAULT 0,
    "openingHours" TEXT NOT NULL DEFAULT ''
);
INSERT INTO "new_MunicipalService" ("address", "code", "email", "nameEn", "nameFr", "phone", "position") SELECT "address", "code", "email", "nameEn", "nameFr", "phone", "position" FROM "MunicipalService";
DROP TABLE "MunicipalService";
ALTER TABLE "new_MunicipalService" RENAME TO "MunicipalService";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

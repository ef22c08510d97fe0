-- AlterTable
ALTER TABLE "AlertSubscription" ADD COLUMN "zone" TEXT;

-- AlterTable
ALTER TABLE "ConsentEvent" ADD COLUMN "agentId" TEXT;
ALTER TABLE "ConsentEvent" ADD COLUMN "topic" TEXT;
ALTER TABLE "ConsentEvent" ADD COLUMN "via" TEXT;

-- AlterTable
ALTER TABLE "OutboxItem" ADD COLUMN "broadcastId" TEXT;

-- CreateTable
CREATE TABLE "AlertTopic" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "nameFr" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "descriptionFr" TEXT,
    "descriptionEn" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "Broadcast" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL DEFAULT 'alert',
    "topic" TEXT NOT NULL,
    "textFr" TEXT NOT NULL,
    "textEn" TEXT NOT NULL,
    "zone" TEXT,
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'planning',
    "sendAt" DATETIME NOT NULL,
    "endsAt" DATETIME,
    "consultationId" TEXT,
    "recipients" TEXT NOT NULL DEFAULT '{}',
    "excluded" TEXT NOT NULL DEFAULT '{}',
    "held" TEXT NOT NULL DEFAULT '{}',
    "planned" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cancelledAt" DATETIME
);

-- CreateTable
CREATE TABLE "Consultation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "questionFr" TEXT NOT NULL,
    "questionEn" TEXT NOT NULL,
    "options" TEXT NOT NULL,
    "topic" TEXT,
    "openInChat" BOOLEAN NOT NULL DEFAULT false,
    "closesAt" DATETIME NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ConsultationAnswer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "consultationId" TEXT NOT NULL,
    "citizenId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "optionIndex" INTEGER,
    "text" TEXT,
    "wantsResult" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "IdeaReview" (
    "ticketId" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL DEFAULT 'received',
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedBy" TEXT
);

-- CreateIndex
CREATE INDEX "Broadcast_sendAt_idx" ON "Broadcast"("sendAt");

-- CreateIndex
CREATE INDEX "ConsultationAnswer_consultationId_optionIndex_idx" ON "ConsultationAnswer"("consultationId", "optionIndex");

-- CreateIndex
CREATE UNIQUE INDEX "ConsultationAnswer_consultationId_citizenId_key" ON "ConsultationAnswer"("consultationId", "citizenId");

-- CreateIndex
CREATE INDEX "AlertSubscription_topic_idx" ON "AlertSubscription"("topic");

-- CreateIndex
CREATE INDEX "OutboxItem_broadcastId_status_idx" ON "OutboxItem"("broadcastId", "status");

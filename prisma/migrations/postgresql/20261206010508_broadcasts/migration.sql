-- AlterTable
ALTER TABLE "AlertSubscription" ADD COLUMN     "zone" TEXT;

-- AlterTable
ALTER TABLE "ConsentEvent" ADD COLUMN     "agentId" TEXT,
ADD COLUMN     "topic" TEXT,
ADD COLUMN     "via" TEXT;

-- AlterTable
ALTER TABLE "OutboxItem" ADD COLUMN     "broadcastId" TEXT;

-- CreateTable
CREATE TABLE "AlertTopic" (
    "code" TEXT NOT NULL,
    "nameFr" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "descriptionFr" TEXT,
    "descriptionEn" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AlertTopic_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Broadcast" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'alert',
    "topic" TEXT NOT NULL,
    "textFr" TEXT NOT NULL,
    "textEn" TEXT NOT NULL,
    "zone" TEXT,
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'planning',
    "sendAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3),
    "consultationId" TEXT,
    "recipients" TEXT NOT NULL DEFAULT '{}',
    "excluded" TEXT NOT NULL DEFAULT '{}',
    "held" TEXT NOT NULL DEFAULT '{}',
    "planned" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cancelledAt" TIMESTAMP(3),

    CONSTRAINT "Broadcast_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Consultation" (
    "id" TEXT NOT NULL,
    "questionFr" TEXT NOT NULL,
    "questionEn" TEXT NOT NULL,
    "options" TEXT NOT NULL,
    "topic" TEXT,
    "openInChat" BOOLEAN NOT NULL DEFAULT false,
    "closesAt" TIMESTAMP(3) NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Consultation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsultationAnswer" (
    "id" TEXT NOT NULL,
    "consultationId" TEXT NOT NULL,
    "citizenId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "optionIndex" INTEGER,
    "text" TEXT,
    "wantsResult" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsultationAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdeaReview" (
    "ticketId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'received',
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedBy" TEXT,

    CONSTRAINT "IdeaReview_pkey" PRIMARY KEY ("ticketId")
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

-- AlterTable
ALTER TABLE "Agent" ADD COLUMN "serviceCode" TEXT;

-- CreateTable
CREATE TABLE "MetricEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "type" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "day" TEXT NOT NULL,
    "channel" TEXT,
    "serviceCode" TEXT,
    "label" TEXT,
    "conversationId" TEXT,
    "ticketId" TEXT,
    "agentId" TEXT,
    "seconds" INTEGER,
    "workSeconds" INTEGER,
    "value" INTEGER
);

-- CreateIndex
CREATE INDEX "MetricEvent_type_at_idx" ON "MetricEvent"("type", "at");

-- CreateIndex
CREATE INDEX "MetricEvent_type_day_channel_idx" ON "MetricEvent"("type", "day", "channel");

-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "serviceCode" TEXT;

-- CreateTable
CREATE TABLE "MetricEvent" (
    "id" SERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "day" TEXT NOT NULL,
    "channel" TEXT,
    "serviceCode" TEXT,
    "label" TEXT,
    "conversationId" TEXT,
    "ticketId" TEXT,
    "agentId" TEXT,
    "seconds" INTEGER,
    "workSeconds" INTEGER,
    "value" INTEGER,

    CONSTRAINT "MetricEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MetricEvent_type_at_idx" ON "MetricEvent"("type", "at");

-- CreateIndex
CREATE INDEX "MetricEvent_type_day_channel_idx" ON "MetricEvent"("type", "day", "channel");

-- CreateTable
CREATE TABLE "MetricDay" (
    "type" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "serviceCode" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "valueSum" INTEGER NOT NULL DEFAULT 0,
    "seconds" TEXT,
    "workSeconds" TEXT,

    CONSTRAINT "MetricDay_pkey" PRIMARY KEY ("type","day","channel","serviceCode","label")
);

-- CreateTable
CREATE TABLE "MetricRolledDay" (
    "day" TEXT NOT NULL,
    "rolledAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MetricRolledDay_pkey" PRIMARY KEY ("day")
);

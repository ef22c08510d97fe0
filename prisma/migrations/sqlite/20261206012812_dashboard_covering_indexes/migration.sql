-- CreateIndex
CREATE INDEX "MetricEvent_type_day_label_conversationId_idx" ON "MetricEvent"("type", "day", "label", "conversationId");

-- CreateIndex
CREATE INDEX "MetricEvent_type_day_serviceCode_workSeconds_seconds_idx" ON "MetricEvent"("type", "day", "serviceCode", "workSeconds", "seconds");

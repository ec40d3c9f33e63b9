-- Duplicate hints (ADR 0010): similarity keys written at registration; `npm run search:reindex` fills older rows.
ALTER TABLE "tickets" ADD COLUMN "similarity_keys" integer[];--> statement-breakpoint
CREATE INDEX "tickets_similarity_idx" ON "tickets" USING gin ("similarity_keys");
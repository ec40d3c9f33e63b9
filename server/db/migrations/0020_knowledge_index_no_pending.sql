-- The knowledge search index without a pending list (ADR 0009): rebuilt with fastupdate off.
DROP INDEX "knowledge_search_idx";--> statement-breakpoint
CREATE INDEX "knowledge_search_idx" ON "knowledge_articles" USING gin ("search") WITH (fastupdate=off);
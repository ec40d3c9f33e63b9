CREATE TABLE "knowledge_articles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"category_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"district_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"effective_from" timestamp with time zone,
	"effective_to" timestamp with time zone,
	"source_document" text,
	"owning_unit_id" uuid,
	"public" boolean DEFAULT false NOT NULL,
	"status" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"author_id" uuid,
	"published_by" uuid,
	"published_at" timestamp with time zone,
	"review_due_at" timestamp with time zone,
	"from_ticket_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"search" "tsvector" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "knowledge_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"article_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"action" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"user_id" uuid,
	"changed_fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"snapshot" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reply_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"use_count" integer DEFAULT 0 NOT NULL,
	"last_used_at" timestamp with time zone,
	"created_by" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "request_type" text DEFAULT 'other' NOT NULL;--> statement-breakpoint
ALTER TABLE "knowledge_versions" ADD CONSTRAINT "knowledge_versions_article_id_knowledge_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."knowledge_articles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "knowledge_search_idx" ON "knowledge_articles" USING gin ("search");--> statement-breakpoint
CREATE INDEX "knowledge_status_idx" ON "knowledge_articles" USING btree ("status");--> statement-breakpoint
CREATE INDEX "knowledge_categories_idx" ON "knowledge_articles" USING gin ("category_codes");--> statement-breakpoint
CREATE INDEX "knowledge_versions_article_idx" ON "knowledge_versions" USING btree ("article_id","id");--> statement-breakpoint
CREATE INDEX "reply_templates_kind_idx" ON "reply_templates" USING btree ("kind","unit_id");--> statement-breakpoint
CREATE INDEX "tickets_request_type_idx" ON "tickets" USING btree ("request_type");
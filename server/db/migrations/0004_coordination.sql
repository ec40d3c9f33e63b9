CREATE TABLE "classifier_models" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"trained_at" timestamp with time zone NOT NULL,
	"examples" integer NOT NULL,
	"model" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "coordination_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"addressed_to" text NOT NULL,
	"proposal" text NOT NULL,
	"suggested_lead_unit_id" uuid,
	"suggested_assist_unit_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"status" text NOT NULL,
	"automatic" boolean DEFAULT false NOT NULL,
	"drafted_by" uuid,
	"drafted_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision" jsonb
);
--> statement-breakpoint
ALTER TABLE "coordination_cases" ADD CONSTRAINT "coordination_cases_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "coordination_cases_ticket_idx" ON "coordination_cases" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "coordination_cases_status_idx" ON "coordination_cases" USING btree ("status");
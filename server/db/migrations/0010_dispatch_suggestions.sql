CREATE TABLE "dispatch_suggestions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"category_code" text,
	"urgency" text NOT NULL,
	"district_code" text,
	"unit_ids" uuid[] NOT NULL,
	"view" jsonb NOT NULL,
	"chosen_unit_id" uuid,
	"chosen_rank" integer,
	"decided_at" timestamp with time zone,
	"decided_by" uuid
);
--> statement-breakpoint
ALTER TABLE "dispatch_suggestions" ADD CONSTRAINT "dispatch_suggestions_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dispatch_suggestions_ticket_idx" ON "dispatch_suggestions" USING btree ("ticket_id","id");--> statement-breakpoint
CREATE INDEX "dispatch_suggestions_decided_idx" ON "dispatch_suggestions" USING btree ("decided_at");
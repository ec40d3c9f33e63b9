CREATE TABLE "assessment_cursors" (
	"name" text PRIMARY KEY NOT NULL,
	"last_event_id" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment_revisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"month" text NOT NULL,
	"revision" integer NOT NULL,
	"status" text NOT NULL,
	"policy_version" integer NOT NULL,
	"last_event_id" bigint NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"computed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" uuid,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"note" text,
	"snapshot" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment_rollups" (
	"month" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"urgency" text NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"feedback_due" integer DEFAULT 0 NOT NULL,
	"feedback_on_time" integer DEFAULT 0 NOT NULL,
	"completed" integer DEFAULT 0 NOT NULL,
	"completed_on_time" integer DEFAULT 0 NOT NULL,
	"revisits_reached" integer DEFAULT 0 NOT NULL,
	"revisits_satisfied" integer DEFAULT 0 NOT NULL,
	"revisits_unreachable" integer DEFAULT 0 NOT NULL,
	"returns" integer DEFAULT 0 NOT NULL,
	"supervisions" integer DEFAULT 0 NOT NULL,
	"overdue" integer DEFAULT 0 NOT NULL,
	"reopenings" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "assessment_rollups_month_unit_id_urgency_pk" PRIMARY KEY("month","unit_id","urgency")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_revisions_month_uq" ON "assessment_revisions" USING btree ("month","revision");
CREATE TABLE "outbox_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"delivery_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"http_status" integer,
	"duration_ms" integer NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "outbox_deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"target_kind" text NOT NULL,
	"target_id" uuid NOT NULL,
	"ticket_id" uuid,
	"event_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	"last_http_status" integer,
	"last_error" text,
	CONSTRAINT "outbox_deliveries_seq_unique" UNIQUE("seq")
);
--> statement-breakpoint
CREATE TABLE "partner_connectors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"channel" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"endpoint_url" text,
	"secret_enc" text NOT NULL,
	"field_mapping" jsonb DEFAULT '{"inbound":{},"outbound":{}}'::jsonb NOT NULL,
	"report_events" text[] DEFAULT '{}'::text[] NOT NULL,
	"poll_url" text,
	"poll_interval_seconds" integer DEFAULT 300 NOT NULL,
	"poll_cursor" text,
	"last_polled_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "partner_connectors_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "partner_inbound_seen" (
	"connector_id" uuid NOT NULL,
	"signature" text NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "partner_inbound_seen_connector_id_signature_pk" PRIMARY KEY("connector_id","signature")
);
--> statement-breakpoint
CREATE TABLE "webhook_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"secret_enc" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"event_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"category_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"district_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"unit_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox_attempts" ADD CONSTRAINT "outbox_attempts_delivery_id_outbox_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."outbox_deliveries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_connectors" ADD CONSTRAINT "partner_connectors_channel_channels_code_fk" FOREIGN KEY ("channel") REFERENCES "public"."channels"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_inbound_seen" ADD CONSTRAINT "partner_inbound_seen_connector_id_partner_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."partner_connectors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_attempts_delivery_idx" ON "outbox_attempts" USING btree ("delivery_id","id");--> statement-breakpoint
CREATE INDEX "outbox_deliveries_open_idx" ON "outbox_deliveries" USING btree ("seq") WHERE status IN ('pending', 'sending');--> statement-breakpoint
CREATE INDEX "outbox_deliveries_order_idx" ON "outbox_deliveries" USING btree ("target_id","ticket_id","seq");--> statement-breakpoint
CREATE INDEX "outbox_deliveries_status_idx" ON "outbox_deliveries" USING btree ("status","seq");--> statement-breakpoint
CREATE INDEX "partner_inbound_seen_at_idx" ON "partner_inbound_seen" USING btree ("seen_at");
DROP INDEX "tickets_phone_hash_idx";--> statement-breakpoint
DROP INDEX "tickets_request_type_idx";--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "search_vector" "tsvector";--> statement-breakpoint
CREATE INDEX "ticket_units_active_idx" ON "ticket_units" USING btree ("unit_id","ticket_id","role") WHERE active;--> statement-breakpoint
CREATE INDEX "tickets_search_idx" ON "tickets" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "tickets_status_registered_idx" ON "tickets" USING btree ("status","registered_at");--> statement-breakpoint
CREATE INDEX "tickets_status_due_idx" ON "tickets" USING btree ("status","complete_due_at");--> statement-breakpoint
CREATE INDEX "tickets_urgency_registered_idx" ON "tickets" USING btree ("urgency","registered_at");--> statement-breakpoint
CREATE INDEX "tickets_category_registered_idx" ON "tickets" USING btree ("category_code","registered_at");--> statement-breakpoint
CREATE INDEX "tickets_district_registered_idx" ON "tickets" USING btree ("location_district","registered_at");--> statement-breakpoint
CREATE INDEX "tickets_open_due_idx" ON "tickets" USING btree ("complete_due_at") WHERE status NOT IN ('completed','replied','archived');--> statement-breakpoint
CREATE INDEX "tickets_phone_hash_idx" ON "tickets" USING btree ("complainant_phone_hash","registered_at");--> statement-breakpoint
CREATE INDEX "tickets_request_type_idx" ON "tickets" USING btree ("request_type","registered_at");
ALTER TABLE "assessment_rollups" ADD COLUMN "supervision_cases" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- R7.2: a published assessment revision is frozen — published numbers never change silently; a correction is
-- revision N+1 (docs/assessment.md).
CREATE OR REPLACE FUNCTION assessment_revision_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'assessment revision % of % is published and frozen', OLD.revision, OLD.month;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER assessment_revisions_frozen BEFORE UPDATE OR DELETE ON assessment_revisions FOR EACH ROW EXECUTE FUNCTION assessment_revision_frozen();--> statement-breakpoint
-- R7.1: supervision cases are not ticket events, so the rollup job cannot see them; each new case is counted in
-- the assessment rollups in the same transaction that opens it, for the unit the case names (or the unit holding
-- the ticket then), in the Asia/Shanghai month it was opened. Same attribution as
-- server/assessment/assessment.facts.ts supervisionCasesQuery, which recomputes it.
CREATE OR REPLACE FUNCTION assessment_count_supervision_case() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_unit uuid;
  v_urgency text;
BEGIN
  v_unit := COALESCE((NEW.data->>'unitId')::uuid, (
    SELECT (d.data->>'unitId')::uuid FROM ticket_events d
    WHERE d.ticket_id = NEW.ticket_id AND d.at <= NEW.opened_at
      AND (d.action IN ('dispatch', 'coordinate') OR (d.action = 'review-return' AND d.data->>'accept' = 'true'))
    ORDER BY d.id DESC LIMIT 1));
  IF v_unit IS NULL THEN
    RETURN NEW;
  END IF;
  SELECT t.urgency INTO v_urgency FROM tickets t WHERE t.id = NEW.ticket_id;
  INSERT INTO assessment_rollups (month, unit_id, urgency, supervision_cases)
  VALUES (to_char((NEW.opened_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM'), v_unit,
    COALESCE(v_urgency, 'general'), 1)
  ON CONFLICT (month, unit_id, urgency) DO UPDATE SET supervision_cases = assessment_rollups.supervision_cases + 1;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER supervision_cases_assessment AFTER INSERT ON supervision_cases FOR EACH ROW EXECUTE FUNCTION assessment_count_supervision_case();

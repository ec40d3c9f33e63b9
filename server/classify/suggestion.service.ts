/**
 * Suggestions for the office (issue 5 §2, §9): category, urgency and the top three handling units with the
 * reason for each — from the responsibility rules (派单目录) and from models learned from past tickets,
 * retrained on a schedule and on demand. Until enough history exists, the category model learns from the
 * category tree's own names.
 */
import { desc, eq, sql } from 'drizzle-orm';
import { categories, classifierModels, responsibilityRules, units, type TicketRow } from '../db/schema.js';
import { classifiedHistory } from '../tickets/ticket.repository.js';
import type { AppContext } from '../context.js';
import { tokenize } from './tokenizer.js';
import { categoryExamples, type CategoryPath } from '../../domain/classify/category-examples.js';
import {
  predict,
  trainClassifier,
  type ClassifierModel,
  type LabelledExample,
} from '../../domain/classify/text-classifier.js';
import { urgentSignals } from '../../domain/classify/urgent-words.js';
import {
  applicableRules,
  lineage,
  mergeCandidates,
  type UnitCandidate,
} from '../../domain/dispatch/routing.js';
import type { Urgency } from '../../shared/enums.js';
import { locate, type Gazetteer, type PlaceKind } from '../../domain/dispatch/place.js';
import { directoryGazetteer } from './gazetteer.js';
import { safeError } from '../http/request-log.js';

/** Categories are suggested at the second level: specific enough to route, few enough labels to learn. */
const SUGGEST_LEVEL = 2;
const HISTORY_LIMIT = 50_000;
const MODEL_REFRESH_MS = 5 * 60_000;
const TRAIN = { tfidf: { maxFeatures: 8000 }, calibrate: false } as const;

interface Reference {
  at: number;
  parentOf: Map<string, string | null>;
  names: Map<string, string>;
  levels: Map<string, number>;
  defaultUrgency: Map<string, Urgency>;
  rules: { categoryCode: string; districtCode: string | null; unitId: string; priority: number }[];
  unitNames: Map<string, string>;
  unitIdByCode: Map<string, string>;
}

/** Where it happened (R4.2): the district and address found in the text, with the words that gave it away. */
export interface PlaceSuggestion {
  districtCode: string | null;
  streetUnitId: string | null;
  address: string;
  /** Offsets into the content (field 'content') or the title (field 'title'). */
  matches: {
    name: string;
    kind: PlaceKind;
    field: 'title' | 'content';
    start: number;
    end: number;
    residence: boolean;
  }[];
  residenceDistrictCode: string | null;
}

export interface Suggestions {
  categories: { code: string; nameZh: string; score: number }[];
  urgency: { suggested: Urgency; signals: { word: string; reason: string }[] };
  units: { unitId: string; nameZh: string; score: number; reasons: string[] }[];
  place: PlaceSuggestion;
}

export class SuggestionService {
  private ref: Reference | null = null;
  private models: { at: number; category: ClassifierModel | null; unit: ClassifierModel | null } | null =
    null;
  private training: Promise<{ category: number; unit: number }> | null = null;
  private readonly gazetteer: Gazetteer = directoryGazetteer();

  constructor(private readonly ctx: AppContext) {}

  private async reference(): Promise<Reference> {
    if (this.ref && Date.now() - this.ref.at < 30_000) return this.ref;
    const [cats, rules, us] = await Promise.all([
      this.ctx.db.select().from(categories),
      this.ctx.db.select().from(responsibilityRules),
      this.ctx.db
        .select({ id: units.id, code: units.code, name: units.nameZh, active: units.active })
        .from(units),
    ]);
    this.ref = {
      at: Date.now(),
      parentOf: new Map(cats.map((c) => [c.code, c.parentCode])),
      names: new Map(cats.map((c) => [c.code, c.nameZh])),
      levels: new Map(cats.map((c) => [c.code, c.level])),
      defaultUrgency: new Map(cats.map((c) => [c.code, c.defaultUrgency])),
      rules: rules.filter((r) => us.find((u) => u.id === r.unitId)?.active !== false),
      unitNames: new Map(us.map((u) => [u.id, u.name])),
      unitIdByCode: new Map(us.filter((u) => u.active !== false).map((u) => [u.code, u.id])),
    };
    return this.ref;
  }

  /** Forgets the cached categories, rules and units: the next suggestion reads them again (a 派单目录 edit). */
  invalidateReference(): void {
    this.ref = null;
  }

  /** The category at the suggestion level for any category code (its ancestor, or itself). */
  private atLevel(ref: Reference, code: string): string | undefined {
    return lineage(code, ref.parentOf).find((c) => ref.levels.get(c) === SUGGEST_LEVEL);
  }

  /** Trains both models from the record and stores them; concurrent calls share one run. */
  train(): Promise<{ category: number; unit: number }> {
    this.training ??= this.doTrain().finally(() => {
      this.training = null;
    });
    return this.training;
  }

  private async doTrain(): Promise<{ category: number; unit: number }> {
    const ref = await this.reference();
    const paths: CategoryPath[] = [];
    for (const code of ref.names.keys()) {
      const label = this.atLevel(ref, code);
      if (!label) continue;
      paths.push({
        label,
        names: lineage(code, ref.parentOf)
          .reverse()
          .map((c) => ref.names.get(c) ?? ''),
      });
    }
    const history = await classifiedHistory(this.ctx.db, HISTORY_LIMIT);
    const categoryExamplesFromHistory: LabelledExample[] = [];
    const unitExamples: LabelledExample[] = [];
    for (const h of history) {
      const tokens = tokenize(h.content, h.title);
      const label = h.categoryCode ? this.atLevel(ref, h.categoryCode) : undefined;
      if (label) categoryExamplesFromHistory.push({ label, tokens });
      // Where a ticket finally went is what the unit model learns (returns accepted have moved it on).
      if (h.leadUnitId && !['registered', 'returned', 'dispatched'].includes(h.status))
        unitExamples.push({ label: h.leadUnitId, tokens });
    }
    const catExamples = [
      ...categoryExamples(paths, (text) => tokenize(text)),
      ...categoryExamplesFromHistory,
    ];
    const now = this.ctx.clock.now();
    const category = trainClassifier(catExamples, TRAIN);
    const unit =
      new Set(unitExamples.map((e) => e.label)).size >= 2 ? trainClassifier(unitExamples, TRAIN) : null;
    await this.ctx.db
      .insert(classifierModels)
      .values({ kind: 'category', trainedAt: now, examples: catExamples.length, model: category });
    if (unit)
      await this.ctx.db
        .insert(classifierModels)
        .values({ kind: 'unit', trainedAt: now, examples: unitExamples.length, model: unit });
    // Keep the two latest of each kind.
    await this.ctx.db.execute(sql`DELETE FROM classifier_models WHERE id NOT IN (
      SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY kind ORDER BY id DESC) AS n FROM classifier_models) x WHERE n <= 2)`);
    this.models = { at: Date.now(), category, unit };
    return { category: catExamples.length, unit: unit ? unitExamples.length : 0 };
  }

  private async loadModels() {
    if (this.models && Date.now() - this.models.at < MODEL_REFRESH_MS) return this.models;
    const latest = async (kind: 'category' | 'unit') =>
      (
        await this.ctx.db
          .select({ model: classifierModels.model })
          .from(classifierModels)
          .where(eq(classifierModels.kind, kind))
          .orderBy(desc(classifierModels.id))
          .limit(1)
      )[0]?.model as ClassifierModel | undefined;
    const [category, unit] = await Promise.all([latest('category'), latest('unit')]);
    if (!category) {
      await this.train();
      return this.models as NonNullable<typeof this.models>;
    }
    this.models = { at: Date.now(), category, unit: unit ?? null };
    return this.models;
  }

  async suggest(
    ticket: Pick<TicketRow, 'title' | 'content' | 'categoryCode' | 'locationDistrict'>,
  ): Promise<Suggestions> {
    const [ref, models] = await Promise.all([this.reference(), this.loadModels()]);
    const tokens = tokenize(ticket.content, ticket.title);
    const predicted = models.category ? predict(models.category, tokens, 3) : [];
    const signals = urgentSignals(`${ticket.title} ${ticket.content}`);
    const place = this.place(ref, ticket.title, ticket.content);
    const districtCode = ticket.locationDistrict ?? place.districtCode;
    const candidates: UnitCandidate[] = [];
    const byRules = (code: string, weight: number, why: string) => {
      const [best, ...rest] = applicableRules(ref.rules, lineage(code, ref.parentOf), districtCode);
      const name = ref.names.get(code) ?? code;
      if (best)
        candidates.push({
          unitId: best.unitId,
          score: weight,
          reasons: [`派单目录：${why}「${name}」由该单位承办`],
        });
      for (const r of rest.slice(0, 2)) {
        candidates.push({
          unitId: r.unitId,
          score: weight * 0.5,
          reasons: [
            r.categoryCode === '*'
              ? '属地兜底（R8.3）'
              : `派单目录：「${ref.names.get(r.categoryCode) ?? r.categoryCode}」的上级规则`,
          ],
        });
      }
    };
    if (ticket.categoryCode) byRules(ticket.categoryCode, 1, '已选分类');
    // The category model's scores are not calibrated: no percentage is shown for them.
    for (const p of predicted) byRules(p.label, p.score * 0.9, '推测分类');
    if (models.unit) {
      for (const p of predict(models.unit, tokens, 3)) {
        if (ref.unitNames.has(p.label))
          candidates.push({
            unitId: p.label,
            score: p.score * 0.8,
            reasons: ['相似历史工单多由该单位办结'],
          });
      }
    }
    const chosen = ticket.categoryCode ?? predicted[0]?.label;
    const categoryUrgency = chosen ? (ref.defaultUrgency.get(chosen) ?? 'general') : 'general';
    return {
      categories: predicted.map((p) => ({
        code: p.label,
        nameZh: ref.names.get(p.label) ?? p.label,
        score: round(p.score),
      })),
      // R3.1: urgent words can raise urgency above the category's default; they never lower it.
      urgency: { suggested: signals.length > 0 ? 'urgent' : categoryUrgency, signals },
      units: withStreet(mergeCandidates(candidates, 3), place).map((c) => ({
        ...c,
        score: round(c.score),
        nameZh: ref.unitNames.get(c.unitId) ?? c.unitId,
      })),
      place,
    };
  }

  /** The place in the content, else in the title (R4.2). */
  private place(ref: Reference, title: string, content: string): PlaceSuggestion {
    let field: 'title' | 'content' = 'content';
    let found = locate(content, this.gazetteer);
    if (found.districtCode === null && title) {
      const inTitle = locate(title, this.gazetteer);
      if (inTitle.districtCode !== null) {
        found = inTitle;
        field = 'title';
      }
    }
    return {
      districtCode: found.districtCode,
      streetUnitId: found.streetUnitCode ? (ref.unitIdByCode.get(found.streetUnitCode) ?? null) : null,
      address: found.address,
      matches: found.matches.map((m) => ({
        name: m.name,
        kind: m.kind,
        field,
        start: m.start,
        end: m.end,
        residence: m.residence,
      })),
      residenceDistrictCode: found.residenceDistrictCode,
    };
  }

  /** Retrains now and then every `intervalMs` (issue 5 §9: on a schedule and on demand). */
  schedule(intervalMs: number): NodeJS.Timeout {
    const h = setInterval(() => {
      this.train().catch((err: unknown) =>
        console.error('建议模型训练失败：', JSON.stringify(safeError(err))),
      );
    }, intervalMs);
    h.unref();
    return h;
  }
}

/**
 * The 属地 street named in the text (R8.3) keeps a place among the three, after the catalogue's and history's
 * best two: it is who handles a local matter when the catalogue sends it to the street, and the fallback
 * otherwise.
 */
function withStreet(top: UnitCandidate[], place: PlaceSuggestion): UnitCandidate[] {
  if (!place.streetUnitId || top.some((c) => c.unitId === place.streetUnitId)) return top;
  const words = place.matches.find((m) => m.kind === 'street' && !m.residence)?.name ?? '';
  return [
    ...top.slice(0, 2),
    { unitId: place.streetUnitId, score: 0, reasons: [`属地街道（乡镇）：文中提到「${words}」（R8.3）`] },
  ];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

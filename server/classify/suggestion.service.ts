/**
 * Suggestions for the office: category, urgency and the top three handling units with the
 * reason for each — from the responsibility rules (派单目录) and from models learned from past tickets,
 * retrained on a schedule and on demand. Until enough history exists, the category model learns from the
 * category tree's own names.
 */
import { and, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import {
  categories,
  classifierModels,
  dispatchSuggestions,
  districts,
  responsibilityRules,
  units,
  type TicketRow,
} from '../db/schema.js';
import {
  classifiedHistory,
  completedByUnitAndCategory,
  upheldReturnsByUnitAndCategory,
} from '../tickets/ticket.repository.js';
import type { AppContext } from '../context.js';
import { tokenize } from './tokenizer.js';
import { categoryExamples, type CategoryPath } from '../../domain/classify/category-examples.js';
import {
  predict,
  trainClassifier,
  type ClassifierModel,
  type LabelledExample,
} from '../../domain/classify/text-classifier.js';
import { applicableRules, lineage } from '../../domain/dispatch/routing.js';
import { matchCategories } from '../../domain/dispatch/keywords.js';
import {
  calibratedConfidence,
  routeRequest,
  type CategoryEvidence,
  type EngineRule,
  type EngineUnit,
  type UnitHistory,
} from '../../domain/dispatch/engine.js';
import { assessUrgency } from '../../domain/dispatch/urgency.js';
import { CATEGORY_KEYWORDS } from '../reference/data/category-keywords.js';
import type { Urgency } from '../../shared/enums.js';
import { locate, type Gazetteer, type PlaceKind } from '../../domain/dispatch/place.js';
import { directoryGazetteer } from './gazetteer.js';
import { safeError } from '../http/request-log.js';

/** Categories are suggested at the second level: specific enough to route, few enough labels to learn. */
const SUGGEST_LEVEL = 2;
const HISTORY_LIMIT = 50_000;
const MODEL_REFRESH_MS = 5 * 60_000;
const TRAIN = { tfidf: { maxFeatures: 8000 }, calibrate: false } as const;
/** History counts over this many days (R4.2: what the city has actually done lately). */
export const HISTORY_DAYS = 90;
const HISTORY_REFRESH_MS = 5 * 60_000;
/** The urgent branch of the category tree (R3.1). */
const URGENT_ROOT = 'C16';

interface Reference {
  at: number;
  parentOf: Map<string, string | null>;
  names: Map<string, string>;
  levels: Map<string, number>;
  defaultUrgency: Map<string, Urgency>;
  rules: EngineRule[];
  unitNames: Map<string, string>;
  unitIdByCode: Map<string, string>;
  units: Map<string, EngineUnit>;
  districtNames: Map<string, string>;
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
  categories: { code: string; nameZh: string; score: number; words: string[] }[];
  urgency: { suggested: Urgency; signals: { word: string; reason: string }[]; notes: string[] };
  units: {
    unitId: string;
    code: string;
    nameZh: string;
    score: number;
    reasons: string[];
    /** Share of past first suggestions taken for this kind of request; null until it means something. */
    confidence: number | null;
  }[];
  place: PlaceSuggestion;
  /** The category the first unit was routed on (kept with stored suggestions for the confidence). */
  routedCategory: string | null;
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
    const [cats, rules, us, ds] = await Promise.all([
      this.ctx.db.select().from(categories),
      this.ctx.db.select().from(responsibilityRules),
      this.ctx.db.select().from(units),
      this.ctx.db.select().from(districts),
    ]);
    this.ref = {
      at: Date.now(),
      parentOf: new Map(cats.map((c) => [c.code, c.parentCode])),
      names: new Map(cats.map((c) => [c.code, c.nameZh])),
      levels: new Map(cats.map((c) => [c.code, c.level])),
      defaultUrgency: new Map(cats.map((c) => [c.code, c.defaultUrgency])),
      rules: rules.filter((r) => us.find((u) => u.id === r.unitId)?.active !== false),
      unitNames: new Map(us.map((u) => [u.id, u.nameZh])),
      unitIdByCode: new Map(us.filter((u) => u.active !== false).map((u) => [u.code, u.id])),
      units: new Map(
        us.map((u) => [
          u.id,
          {
            id: u.id,
            code: u.code,
            nameZh: u.nameZh,
            type: u.type,
            superiorId: u.superiorId,
            territory: u.territory,
            active: u.active,
          },
        ]),
      ),
      districtNames: new Map(ds.map((d) => [d.code, d.nameZh])),
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

  private history: { at: number; counts: Map<string, UnitHistory> } | null = null;
  private confidence: { at: number; byCategory: Map<string, { taken: number; decided: number }> } | null =
    null;

  /**
   * What the city has done lately (R4.2): per unit and second-level category, dispatches completed and
   * returns the office upheld (审定同意退单: the unit was the wrong one) over HISTORY_DAYS. Cached for minutes.
   */
  private async historyCounts(ref: Reference): Promise<Map<string, UnitHistory>> {
    if (this.history && Date.now() - this.history.at < HISTORY_REFRESH_MS) return this.history.counts;
    const since = new Date(this.ctx.clock.now().getTime() - HISTORY_DAYS * 86_400_000);
    const [done, returned] = await Promise.all([
      completedByUnitAndCategory(this.ctx.db, since),
      upheldReturnsByUnitAndCategory(this.ctx.db, since),
    ]);
    const counts = new Map<string, UnitHistory>();
    const at = (unitId: string | null, code: string | null) => {
      const key = code ? this.atLevel(ref, code) : undefined;
      if (!unitId || !key) return undefined;
      const k = `${unitId}|${key}`;
      let h = counts.get(k);
      if (!h) counts.set(k, (h = { completed: 0, upheldReturns: 0 }));
      return h;
    };
    for (const r of done) {
      const h = at(r.unitId, r.code);
      if (h) h.completed += r.n;
    }
    for (const r of returned) {
      const h = at(r.unitId, r.code);
      if (h) h.upheldReturns += r.n;
    }
    this.history = { at: Date.now(), counts };
    return counts;
  }

  /** Past first suggestions taken, per routed category, for the calibrated confidence. Cached for minutes. */
  private async confidenceCounts() {
    if (this.confidence && Date.now() - this.confidence.at < HISTORY_REFRESH_MS)
      return this.confidence.byCategory;
    const rows = await this.ctx.db
      .select({
        code: dispatchSuggestions.categoryCode,
        decided: sql<number>`count(*)::int`,
        taken: sql<number>`(count(*) filter (where ${dispatchSuggestions.chosenRank} = 1))::int`,
      })
      .from(dispatchSuggestions)
      .where(isNotNull(dispatchSuggestions.decidedAt))
      .groupBy(dispatchSuggestions.categoryCode);
    const byCategory = new Map(rows.map((r) => [r.code ?? '', { taken: r.taken, decided: r.decided }]));
    this.confidence = { at: Date.now(), byCategory };
    return byCategory;
  }

  /** Forgets cached history and confidence: the next suggestion reads them again. */
  invalidateHistory(): void {
    this.history = null;
    this.confidence = null;
  }

  async suggest(
    ticket: Pick<TicketRow, 'title' | 'content' | 'categoryCode' | 'locationDistrict'>,
  ): Promise<Suggestions> {
    const [ref, models] = await Promise.all([this.reference(), this.loadModels()]);
    const [history, confidence] = await Promise.all([this.historyCounts(ref), this.confidenceCounts()]);
    const text = `${ticket.title} ${ticket.content}`;
    const place = this.place(ref, ticket.title, ticket.content);
    const districtCode = ticket.locationDistrict ?? place.districtCode;

    // What it is about: the category chosen, the matters the text names (事项关键词), else the model.
    const hits = matchCategories(text, CATEGORY_KEYWORDS).filter((h) => ref.names.has(h.code));
    const top = hits[0]?.score ?? 0;
    const read = hits.filter((h) => h.score >= top * 0.3).slice(0, 3);
    const evidence: CategoryEvidence[] = [];
    if (ticket.categoryCode)
      evidence.push({
        code: ticket.categoryCode,
        weight: 1,
        because: `已选分类「${ref.names.get(ticket.categoryCode) ?? ticket.categoryCode}」`,
      });
    for (const h of read)
      evidence.push({
        code: h.code,
        weight: (h.score / top) * (ticket.categoryCode ? 0.5 : 1),
        because: `「${h.words.slice(0, 3).join('、')}」`,
      });
    const predicted =
      read.length === 0 && models.category
        ? predict(models.category, tokenize(ticket.content, ticket.title), 3)
        : [];
    const bestP = predicted[0]?.score || 1;
    for (const p of predicted)
      evidence.push({ code: p.label, weight: (p.score / bestP) * 0.5, because: '相似诉求（推测分类）' });
    if (evidence.length === 0 && districtCode)
      evidence.push({ code: '*', weight: 0.5, because: '未识别事项' });

    const streetMatch = place.matches.find((m) => m.kind === 'street' && !m.residence);
    const routed = routeRequest({
      categories: evidence,
      districtCode,
      districtName: districtCode ? (ref.districtNames.get(districtCode) ?? districtCode) : null,
      street:
        place.streetUnitId && streetMatch ? { unitId: place.streetUnitId, words: streetMatch.name } : null,
      rules: ref.rules,
      parentOf: ref.parentOf,
      categoryName: (code) => (code === '*' ? '任意事项' : (ref.names.get(code) ?? code)),
      historyKey: (code) => this.atLevel(ref, code),
      units: ref.units,
      history,
      historyDays: HISTORY_DAYS,
    });
    // Where similar past requests went (the unit model learned from history, R4.2): a reason for a unit
    // already suggested, or a place of its own when the catalogue left one free.
    if (models.unit) {
      for (const p of predict(models.unit, tokenize(ticket.content, ticket.title), 3)) {
        if (p.score < 0.2 || !ref.units.get(p.label)?.active) continue;
        const reason = '相似历史工单多由该单位办结';
        const seen = routed.find((r) => r.unitId === p.label);
        if (seen) {
          if (!seen.reasons.includes(reason)) seen.reasons.push(reason);
        } else if (routed.length < 3)
          routed.push({ unitId: p.label, score: p.score * 0.3, reasons: [reason], categoryCode: null });
      }
    }

    // Urgency with context (R3.1): the matter read, its urgent kind, and what undoes a word.
    const matterCode = ticket.categoryCode ?? read[0]?.code ?? predicted[0]?.label ?? null;
    const urgentKind = matterCode
      ? lineage(matterCode, ref.parentOf).find((c) => ref.parentOf.get(c) === URGENT_ROOT)
      : undefined;
    const urgency = assessUrgency(
      text,
      matterCode
        ? {
            code: matterCode,
            words: read[0]?.code === matterCode ? read[0].words : [],
            defaultUrgency: ref.defaultUrgency.get(matterCode) ?? 'general',
            urgentKind: urgentKind ? (ref.names.get(urgentKind) ?? null) : null,
          }
        : null,
    );

    const shown = [
      ...read.map((h) => ({ code: h.code, score: h.score / top, words: h.words })),
      ...predicted.map((p) => ({ code: p.label, score: (p.score / bestP) * 0.5, words: [] as string[] })),
    ];
    return {
      categories: shown.map((c) => ({
        code: c.code,
        nameZh: ref.names.get(c.code) ?? c.code,
        score: round(c.score),
        words: c.words,
      })),
      urgency,
      units: routed.map((c, i) => {
        const seen = i === 0 && c.categoryCode ? confidence.get(c.categoryCode) : undefined;
        return {
          unitId: c.unitId,
          code: ref.units.get(c.unitId)?.code ?? '',
          nameZh: ref.unitNames.get(c.unitId) ?? c.unitId,
          score: round(c.score),
          reasons: c.reasons,
          confidence: seen ? calibratedConfidence(seen.taken, seen.decided) : null,
        };
      }),
      place,
      routedCategory: routed[0]?.categoryCode ?? null,
    };
  }

  /**
   * The rules-only baseline the evaluation sets beside the engine: the 派单目录's unit for each of the
   * category model's three best categories, in the district found in the text — no keywords, no 属地 street,
   * no history. Unit ids, best first.
   */
  async rulesOnly(ticket: Pick<TicketRow, 'title' | 'content'>): Promise<string[]> {
    const [ref, models] = await Promise.all([this.reference(), this.loadModels()]);
    const predicted = models.category
      ? predict(models.category, tokenize(ticket.content, ticket.title), 3)
      : [];
    const districtCode = this.place(ref, ticket.title, ticket.content).districtCode;
    const out: string[] = [];
    for (const p of predicted) {
      const best = applicableRules(ref.rules, lineage(p.label, ref.parentOf), districtCode)[0];
      if (best && !out.includes(best.unitId)) out.push(best.unitId);
    }
    return out;
  }

  /**
   * Stores the suggestions for a ticket (on arrival of a public request, when a dispatch dialog asks, at
   * dispatch), so that the choice made later can be set against them.
   */
  async store(
    ticketId: string,
    source: 'arrival' | 'dialog' | 'dispatch',
    s: Suggestions,
    decision?: { chosenUnitId: string; chosenRank: number; decidedAt: Date; decidedBy: string | null },
  ): Promise<void> {
    await this.ctx.db.insert(dispatchSuggestions).values({
      ...decision,
      ticketId,
      at: this.ctx.clock.now(),
      source,
      categoryCode: s.routedCategory,
      urgency: s.urgency.suggested,
      districtCode: s.place.districtCode,
      unitIds: s.units.map((u) => u.unitId),
      view: s as unknown as Record<string, unknown>,
    });
  }

  /** Suggestions for a request that arrived without an operator, stored with it; never fails the intake. */
  async onArrival(ticket: Pick<TicketRow, 'id' | 'title' | 'content' | 'categoryCode' | 'locationDistrict'>) {
    try {
      await this.store(ticket.id, 'arrival', await this.suggest(ticket));
    } catch (err) {
      console.error('到达时派单建议失败：', err);
    }
  }

  /** The latest stored suggestions of a ticket, if any (public requests get them on arrival). */
  async stored(ticketId: string): Promise<{ at: Date; source: string; view: Suggestions } | null> {
    const [row] = await this.ctx.db
      .select()
      .from(dispatchSuggestions)
      .where(eq(dispatchSuggestions.ticketId, ticketId))
      .orderBy(desc(dispatchSuggestions.id))
      .limit(1);
    return row ? { at: row.at, source: row.source, view: row.view as unknown as Suggestions } : null;
  }

  /**
   * The office chose a unit (dispatch, or a return upheld and re-dispatched): the latest undecided stored
   * suggestion of the ticket records the choice and where it stood among the suggestions (1–3, 0 = not
   * among them). When none was stored, the suggestions are made now from the ticket's text and stored.
   */
  async recordChoice(
    ticket: Pick<TicketRow, 'id' | 'title' | 'content' | 'locationDistrict'>,
    unitId: string,
    userId: string | null,
  ): Promise<void> {
    const [row] = await this.ctx.db
      .select({
        id: dispatchSuggestions.id,
        unitIds: dispatchSuggestions.unitIds,
        categoryCode: dispatchSuggestions.categoryCode,
      })
      .from(dispatchSuggestions)
      .where(and(eq(dispatchSuggestions.ticketId, ticket.id), isNull(dispatchSuggestions.decidedAt)))
      .orderBy(desc(dispatchSuggestions.id))
      .limit(1);
    const decision = (unitIds: string[]) => ({
      chosenUnitId: unitId,
      chosenRank: unitIds.slice(0, 3).indexOf(unitId) + 1,
      decidedAt: this.ctx.clock.now(),
      decidedBy: userId,
    });
    let decided: { categoryCode: string | null; chosenRank: number };
    if (row) {
      decided = { categoryCode: row.categoryCode, ...decision(row.unitIds) };
      await this.ctx.db
        .update(dispatchSuggestions)
        .set(decision(row.unitIds))
        .where(eq(dispatchSuggestions.id, row.id));
    } else {
      // None stored: the suggestions are made now and stored with the choice already recorded.
      const s = await this.suggest({ ...ticket, categoryCode: null });
      const d = decision(s.units.map((u) => u.unitId));
      await this.store(ticket.id, 'dispatch', s, d);
      decided = { categoryCode: s.routedCategory, ...d };
    }
    // The confidence counts follow this choice as a recount would (other processes' within minutes).
    if (this.confidence) {
      const key = decided.categoryCode ?? '';
      const seen = this.confidence.byCategory.get(key) ?? { taken: 0, decided: 0 };
      this.confidence.byCategory.set(key, {
        taken: seen.taken + (decided.chosenRank === 1 ? 1 : 0),
        decided: seen.decided + 1,
      });
    }
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

  /** Retrains now and then every `intervalMs` (on a schedule and on demand). */
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

const round = (x: number) => Math.round(x * 1000) / 1000;

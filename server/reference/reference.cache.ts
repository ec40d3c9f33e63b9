/**
 * Reference data that every registration checks (channels, categories, districts), held in memory.
 * It changes rarely; other processes see an edit within CACHE_MS, this process at once (invalidate()).
 */
import { eq } from 'drizzle-orm';
import { categories, channels, districts, units } from '../db/schema.js';
import type { Db } from '../db/client.js';
import type { Urgency } from '../../shared/enums.js';

const CACHE_MS = 30_000;

interface Snapshot {
  at: number;
  channels: Set<string>;
  categoryUrgency: Map<string, Urgency>;
  /** District code or Chinese name → code. */
  districts: Map<string, string>;
  /** R10.1 internal deadlines by unit id, for units that set any. */
  internalDeadlines: Map<string, InternalDeadlines>;
  /** Unit code or Chinese name (lower case) → unit id: the search box finds a unit's tickets by either. */
  unitsByName: Map<string, string>;
}

export interface InternalDeadlines {
  urgentHours?: number | null;
  generalWorkingDays?: number | null;
}

export class ReferenceCache {
  private snap: Promise<Snapshot> | null = null;
  private loadedAt = 0;
  constructor(private readonly db: Db) {}

  private async snapshot(): Promise<Snapshot> {
    if (!this.snap || Date.now() - this.loadedAt > CACHE_MS) {
      this.loadedAt = Date.now();
      this.snap = this.load().catch((err: unknown) => {
        this.snap = null;
        throw err;
      });
    }
    return this.snap;
  }

  private async load(): Promise<Snapshot> {
    const [ch, cats, ds, us] = await Promise.all([
      this.db.select({ code: channels.code }).from(channels).where(eq(channels.active, true)),
      this.db
        .select({ code: categories.code, u: categories.defaultUrgency })
        .from(categories)
        .where(eq(categories.active, true)),
      this.db.select().from(districts),
      this.db
        .select({ id: units.id, rules: units.internalDeadlines, code: units.code, name: units.nameZh })
        .from(units),
    ]);
    const dmap = new Map<string, string>();
    for (const d of ds) {
      dmap.set(d.code, d.code);
      dmap.set(d.nameZh, d.code);
    }
    return {
      at: Date.now(),
      channels: new Set(ch.map((c) => c.code)),
      categoryUrgency: new Map(cats.map((c) => [c.code, c.u])),
      districts: dmap,
      internalDeadlines: new Map(
        us.filter((u) => u.rules.urgentHours || u.rules.generalWorkingDays).map((u) => [u.id, u.rules]),
      ),
      unitsByName: new Map(
        us.flatMap((u) => [
          [u.code.toLowerCase(), u.id],
          [u.name.toLowerCase(), u.id],
        ]),
      ),
    };
  }

  async hasChannel(code: string): Promise<boolean> {
    return (await this.snapshot()).channels.has(code);
  }
  async categoryUrgency(code: string): Promise<Urgency | undefined> {
    return (await this.snapshot()).categoryUrgency.get(code);
  }
  async districtCode(codeOrName: string): Promise<string | undefined> {
    return (await this.snapshot()).districts.get(codeOrName);
  }
  /** The unit whose code or full Chinese name this is (a search box's text), as a list of ids (none or one). */
  async unitsNamed(text: string): Promise<string[]> {
    const id = (await this.snapshot()).unitsByName.get(text.trim().toLowerCase());
    return id ? [id] : [];
  }
  async internalDeadlines(unitId: string): Promise<InternalDeadlines | undefined> {
    return (await this.snapshot()).internalDeadlines.get(unitId);
  }
  invalidate(): void {
    this.snap = null;
  }
}

/**
 * Policy versions (R11.1): every ticket is pinned to the version in force when it was registered.
 * Versions are few and immutable, so they are cached in memory; a new version is visible to other
 * processes within CACHE_MS.
 */
import { asc, desc, sql } from 'drizzle-orm';
import { policyVersions } from '../db/schema.js';
import type { Db } from '../db/client.js';
import type { PolicyData } from '../../shared/policy.js';

const CACHE_MS = 30_000;

export interface PolicyVersion {
  version: number;
  effectiveFrom: Date;
  data: PolicyData;
}

export class PolicyService {
  private cache: { at: number; versions: PolicyVersion[] } | null = null;
  constructor(private readonly db: Db) {}

  /** `db`: a transaction when called inside one (PGlite has a single connection: ctx.db would wait for it). */
  async all(db: Pick<Db, 'select'> = this.db): Promise<PolicyVersion[]> {
    if (this.cache && Date.now() - this.cache.at < CACHE_MS) return this.cache.versions;
    const rows = await db.select().from(policyVersions).orderBy(asc(policyVersions.version));
    const versions = rows.map((r) => ({ version: r.version, effectiveFrom: r.effectiveFrom, data: r.data }));
    this.cache = { at: Date.now(), versions };
    return versions;
  }

  /** The version in force at an instant. */
  async inForce(at: Date): Promise<PolicyVersion> {
    const versions = await this.all();
    let found: PolicyVersion | undefined;
    for (const v of versions) if (v.effectiveFrom.getTime() <= at.getTime()) found = v;
    found ??= versions[0];
    if (!found) throw new Error('no policy version loaded: reference data missing');
    return found;
  }

  async get(version: number, db: Pick<Db, 'select'> = this.db): Promise<PolicyVersion> {
    let v = (await this.all(db)).find((p) => p.version === version);
    if (!v) {
      this.invalidate();
      v = (await this.all(db)).find((p) => p.version === version);
    }
    if (!v) throw new Error(`policy version ${version} not found`);
    return v;
  }

  invalidate(): void {
    this.cache = null;
  }

  /** A new version, in force from `effectiveFrom`; existing tickets keep the version they were pinned to. */
  async create(
    data: PolicyData,
    effectiveFrom: Date,
    note: string,
    createdBy: string,
    now: Date,
  ): Promise<PolicyVersion> {
    const row = await this.db.transaction(async (tx) => {
      await tx.execute(sql`LOCK TABLE policy_versions IN EXCLUSIVE MODE`);
      const [last] = await tx
        .select({ v: policyVersions.version })
        .from(policyVersions)
        .orderBy(desc(policyVersions.version))
        .limit(1);
      const [created] = await tx
        .insert(policyVersions)
        .values({ version: (last?.v ?? 0) + 1, effectiveFrom, data, note, createdBy, createdAt: now })
        .returning();
      return created;
    });
    this.invalidate();
    if (!row) throw new Error('policy version not created');
    return { version: row.version, effectiveFrom: row.effectiveFrom, data: row.data };
  }
}

/**
 * What every directory write shares: one transaction under one lock, the admin check, audit of refusals.
 */
import { requireCapability } from '../auth/permissions.js';
import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import type { Db } from '../db/client.js';
import { requireViewer } from '../auth/auth.plugin.js';
import { type Viewer } from '../auth/viewer.js';
import { AppError } from '../errors.js';
import { audit } from '../audit/audit.service.js';

export type DirTx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Serialises directory writes (arbitrary constant). Two edits that are each fine alone — A under B and B under A,
 * or deactivating a unit while its last user moves in — could together break an invariant; under one lock the
 * second sees the first.
 */
const DIRECTORY_LOCK = 7_312_023_051;

export async function directoryTx<T>(ctx: AppContext, fn: (tx: DirTx) => Promise<T>): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${DIRECTORY_LOCK})`);
    return fn(tx);
  });
}

/** The viewer, who must be an administrator (403 otherwise, which the error handler audits). */
export function requireAdmin(req: FastifyRequest): Viewer {
  const viewer = requireViewer(req);
  requireCapability(viewer, 'directory.manage');
  return viewer;
}

/**
 * Runs an admin change; a refusal (an AppError) is audited with outcome `failure` after its transaction rolled
 * back, so attempts that were turned down leave a trace too. The success record is written by `fn` itself,
 * inside its transaction.
 */
export async function auditedChange<T>(
  ctx: AppContext,
  viewer: Viewer,
  action: string,
  target: string | null,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError) {
      await audit(ctx.db, {
        at: ctx.clock.now(),
        actor: viewer,
        action,
        target,
        outcome: 'failure',
        details: { code: err.code, message: err.message },
      });
    }
    throw err;
  }
}

/** The fields of a record that differ, as {field: [before, after]}, for audit details. */
export function changes<T extends object>(before: T, after: Partial<T>): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    const a = after[key];
    if (a === undefined) continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(a)) out[String(key)] = [before[key], a];
  }
  return out;
}

/**
 * The security suite's generator of request bodies: a smallest valid-looking value for a zod schema (every required
 * field present, strings as short as allowed, formats honoured), and the string and number leaves of that value, so
 * the bad-input corpus can replace one leaf at a time and every other field stays plausible.
 */
import type { z } from 'zod';

/** A uuid that names nothing: probes through it find nothing to change. */
export const NOWHERE = '00000000-0000-4000-8000-00000000abcd';

interface Def {
  type: string;
  [key: string]: unknown;
}
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;
const bag = (s: unknown) =>
  s as { format?: string; minLength?: number | null; _zod: { bag?: { format?: string } } };

/** A smallest value the schema could accept (undefined for an optional field). */
export function sample(schema: z.ZodType | undefined, depth = 0): unknown {
  if (!schema || depth > 12) return undefined;
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        const t = defOf(field).type;
        if (t === 'optional' || t === 'default' || t === 'prefault') continue;
        out[key] = sample(field, depth + 1);
      }
      return out;
    }
    case 'string': {
      const format = bag(schema).format ?? bag(schema)._zod.bag?.format;
      if (format === 'uuid' || format === 'guid') return NOWHERE;
      if (format === 'datetime') return '2026-11-12T10:00:00+08:00';
      if (format === 'date') return '2026-11-12';
      if (format === 'email') return 'probe@example.com';
      const min = bag(schema).minLength ?? 0;
      return 'probe'.padEnd(Math.max(min, 5), 'e');
    }
    case 'number':
    case 'int':
      return 1;
    case 'bigint':
      return 1;
    case 'boolean':
      return false;
    case 'literal':
      return (def.values as unknown[])[0];
    case 'enum':
      return Object.values(def.entries as Record<string, unknown>)[0];
    case 'array':
      return [sample(def.element as z.ZodType, depth + 1)];
    case 'union':
      return sample((def.options as z.ZodType[])[0], depth + 1);
    case 'intersection':
      return {
        ...(sample(def.left as z.ZodType, depth + 1) as object),
        ...(sample(def.right as z.ZodType, depth + 1) as object),
      };
    case 'nullable':
      return sample(def.innerType as z.ZodType, depth + 1);
    case 'optional':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return sample(def.innerType as z.ZodType, depth + 1);
    case 'pipe':
      return sample(def.in as z.ZodType, depth + 1);
    case 'record':
      return {};
    case 'null':
      return null;
    default:
      return undefined;
  }
}

/** A JSON path to a leaf and the leaf's kind. */
export interface Leaf {
  path: (string | number)[];
  kind: 'string' | 'number' | 'boolean';
}

/** The string, number and boolean leaves of a sample value. */
export function leaves(value: unknown, path: (string | number)[] = []): Leaf[] {
  if (typeof value === 'string') return [{ path, kind: 'string' }];
  if (typeof value === 'number') return [{ path, kind: 'number' }];
  if (typeof value === 'boolean') return [{ path, kind: 'boolean' }];
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [];
}

/** A copy of `value` with the leaf at `path` replaced. */
export function withLeaf(value: unknown, path: (string | number)[], leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(value) ? [...(value as unknown[])] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  copy[head] = withLeaf(copy[head], rest, leaf);
  return copy;
}

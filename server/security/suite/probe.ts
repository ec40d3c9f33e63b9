/**
 * What the security suite shares: the roles it probes as (own, other, superior and subordinate unit included), the
 * two tickets they probe, a fingerprint of the database to prove that nothing changed, raw request lines over a
 * socket (inject normalises the URL), and the tally per class that the suite prints and docs/security.md keeps.
 */
import { connect } from 'node:net';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { ERROR_STATUS } from '../../../shared/errors.js';
import type { Capability } from '../../../shared/capabilities.js';
import type { Client, TestApp } from '../../test/harness.js';
import { ticketBody } from '../../test/harness.js';

/** Every role of the matrix: the demo user it logs in as and which ticket it probes (T: lead unit D220204). */
export const ROLES = {
  anonymous: null,
  admin: 'admin',
  auditor: 'auditor',
  operator: 'operator',
  revisitor: 'revisitor',
  supervisor: 'supervisor',
  leader: 'leader',
  /** Handler and leader of the ticket's lead unit (船营区人民政府). */
  ownHandler: 'd220204.handler',
  ownLeader: 'd220204.leader',
  /** A unit under the lead unit (北京路街道): a superior's ticket is not its business. */
  subordinate: 's220204-bjl.handler',
  /** A peer unit of another district. */
  otherUnit: 's220202-ya.handler',
  /** The superior of the second ticket's lead unit (北京路街道 → 船营区人民政府). */
  superior: 'd220204.handler',
} as const;
export type RoleName = keyof typeof ROLES;

/** Who may not see ticket T (or T2 for the superior): the answer must be the missing ticket's, byte for byte. */
export const BLIND: ReadonlySet<RoleName> = new Set(['admin', 'auditor', 'subordinate', 'otherUnit']);

export interface Actor {
  name: RoleName;
  client: Client;
  capabilities: ReadonlySet<Capability>;
  /** The ticket this role probes. */
  ticketId: string;
}

export interface World {
  actors: Record<RoleName, Actor>;
  /** Ticket T, dispatched to D220204; T2, dispatched to S220204-BJL. */
  ticket: string;
  ticket2: string;
  unitId: string;
  userId: string;
  ruleId: string;
}

export async function buildWorld(t: TestApp): Promise<World> {
  const op = await t.as('operator');
  const register = async (unitCode: string) => {
    const created = await op.post('/api/v1/tickets', ticketBody());
    if (created.statusCode !== 201) throw new Error(`register: ${created.body}`);
    const id = (created.json() as { id: string }).id;
    const dispatched = await op.post(`/api/v1/tickets/${id}/dispatch`, { unitId: t.units.get(unitCode) });
    if (dispatched.statusCode !== 200) throw new Error(`dispatch: ${dispatched.body}`);
    return id;
  };
  const ticket = await register('D220204');
  const ticket2 = await register('S220204-BJL');
  const sessions = new Map<string, Client>();
  const actors = {} as Record<RoleName, Actor>;
  for (const [name, username] of Object.entries(ROLES) as [RoleName, string | null][]) {
    let client = t.anonymous;
    let capabilities = new Set<Capability>();
    if (username) {
      client = sessions.get(username) ?? (await t.as(username));
      sessions.set(username, client);
      const me = (await client.get('/api/v1/me')).json() as { capabilities: Capability[] };
      capabilities = new Set(me.capabilities);
    }
    actors[name] = { name, client, capabilities, ticketId: name === 'superior' ? ticket2 : ticket };
  }
  const admin = actors.admin.client;
  const users = (await admin.get('/api/v1/directory/users?q=operator2')).json() as {
    items: { id: string }[];
  };
  const rules = (await admin.get('/api/v1/responsibility-rules')).json() as { items?: { id: string }[] };
  return {
    actors,
    ticket,
    ticket2,
    unitId: t.units.get('DD220204-ZJJ') as string,
    userId: users.items[0]?.id ?? '00000000-0000-4000-8000-000000000001',
    ruleId: rules.items?.[0]?.id ?? '00000000-0000-4000-8000-000000000002',
  };
}

/** Tables whose rows a refused request may still touch: the audit trail of refusals and sessions' last use. */
const VOLATILE = new Set(['audit_log', 'audit_anchors', 'sessions']);

let tableNames: string[] | undefined;

/**
 * Every other table's row count and newest row version (xmin changes with every insert and update, the count
 * with every delete), in one query: proves a refused request changed nothing, cheaply enough to run per route.
 */
export async function fingerprint(t: TestApp): Promise<string> {
  if (!tableNames) {
    const tables = await queryRows<{ tablename: string }>(
      t.ctx.db,
      sql`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    );
    tableNames = tables.map((r) => r.tablename).filter((n) => !VOLATILE.has(n) && !n.startsWith('__drizzle'));
  }
  const rows = await queryRows<{ t: string; n: number; x: string }>(
    t.ctx.db,
    sql.raw(
      tableNames
        .map(
          (n) =>
            `SELECT '${n}' AS t, count(*)::int AS n, coalesce(max(xmin::text::bigint), 0)::text AS x FROM "${n}"`,
        )
        .join(' UNION ALL '),
    ),
  );
  return rows.map((r) => `${r.t}:${r.n}:${r.x}`).join('\n');
}

/** The tables whose line differs between two fingerprints. */
export function changedTables(before: string, after: string): string[] {
  const a = new Set(after.split('\n'));
  return before
    .split('\n')
    .filter((line) => !a.has(line))
    .map((line) => line.split(':')[0] as string);
}

/** Whether an error answer carries a stable code with its own status (shared/errors.ts). */
export function stableError(status: number, body: string): boolean {
  // Open311 answers in its specification's format: [{"code": <the HTTP status>, "description": "…"}] (or XML).
  if (body.startsWith('[') || body.startsWith('<?xml')) return open311Error(status, body);
  try {
    const code = (JSON.parse(body) as { error?: { code?: string } }).error?.code;
    if (!code || !(code in ERROR_STATUS)) return false;
    const expected = ERROR_STATUS[code as keyof typeof ERROR_STATUS];
    // REQUEST.INVALID also names Fastify's own 4xx (e.g. an unsupported Content-Encoding).
    return expected === status || (code === 'REQUEST.INVALID' && status >= 400 && status < 500);
  } catch {
    return false;
  }
}

function open311Error(status: number, body: string): boolean {
  if (body.startsWith('<?xml'))
    return new RegExp(
      `^<\\?xml[^>]*\\?><errors><error><code>${status}</code><description>[^<]+</description>`,
    ).test(body);
  try {
    const list = JSON.parse(body) as { code?: unknown; description?: unknown }[];
    return Array.isArray(list) && list[0]?.code === status && typeof list[0]?.description === 'string';
  } catch {
    return false;
  }
}

/** Counts per class, printed at the end and kept in docs/security.md. */
export class Tally {
  readonly rows = new Map<string, { tried: number; stable4xx: number; s500: number; maxMs: number }>();
  add(cls: string, status: number, body: string, ms: number): void {
    const row = this.rows.get(cls) ?? { tried: 0, stable4xx: 0, s500: 0, maxMs: 0 };
    row.tried++;
    if (status >= 400 && status < 500 && stableError(status, body)) row.stable4xx++;
    if (status >= 500) row.s500++;
    row.maxMs = Math.max(row.maxMs, ms);
    this.rows.set(cls, row);
  }
  /** A count that is not an answer (e.g. routes × roles probed). */
  count(cls: string, n = 1): void {
    const row = this.rows.get(cls) ?? { tried: 0, stable4xx: 0, s500: 0, maxMs: 0 };
    row.tried += n;
    this.rows.set(cls, row);
  }
  table(): string {
    const lines = ['| class | tried | 4xx with stable code | 500s | slowest (ms) |', '|---|---|---|---|---|'];
    for (const [cls, r] of this.rows)
      lines.push(`| ${cls} | ${r.tried} | ${r.stable4xx} | ${r.s500} | ${Math.round(r.maxMs)} |`);
    return lines.join('\n');
  }
}

/** One raw HTTP/1.1 request over a socket: the request line is sent exactly as given. */
export function rawRequest(
  port: number,
  method: string,
  target: string,
  headers: Record<string, string>,
  body = '',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0);
      resolve({ status, body: data.slice(data.indexOf('\r\n\r\n') + 4) });
    });
    const head = Object.entries({
      Host: `127.0.0.1:${port}`,
      Connection: 'close',
      'Content-Length': String(Buffer.byteLength(body)),
      ...headers,
    })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    socket.write(`${method} ${target} HTTP/1.1\r\n${head}\r\n${body}`);
  });
}

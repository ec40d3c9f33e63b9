/**
 * Reference data (channels, districts, categories, units, responsibility rules, the first policy version,
 * the working-day calendar) and demo users. Loaded on first start; `npm run seed:reference` reloads it.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import {
  calendarDays,
  calendarYears,
  categories,
  channels,
  districts,
  policyVersions,
  responsibilityRules,
  units,
  users,
} from '../db/schema.js';
import { CHANNELS } from './data/channels.js';
import { DISTRICTS } from './data/districts.js';
import { CATEGORIES } from './data/categories.js';
import { UNITS } from './data/units.js';
import { RESPONSIBILITY_RULES } from './data/responsibility-rules.js';
import { chineseDaysSeed } from '../calendar/chinese-days-seed.js';
import { DEFAULT_POLICY } from '../../shared/policy.js';
import { hashPassword } from '../auth/password.js';
import type { Role } from '../../shared/enums.js';

const CHUNK = 500;

async function inChunks<T>(items: readonly T[], fn: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += CHUNK) await fn(items.slice(i, i + CHUNK));
}

/**
 * Upserts all reference data. Safe to run again: existing rows are updated by code, nothing is duplicated.
 * The responsibility rules (派单目录) are loaded only into an empty table — admins edit them through the API —
 * unless `resetRules` asks for the starter catalogue back.
 */
export async function loadReferenceData(
  db: Db,
  now: Date,
  options: { resetRules?: boolean } = {},
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .insert(channels)
      .values(CHANNELS.map((c) => ({ ...c, active: true })))
      .onConflictDoUpdate({
        target: channels.code,
        set: { nameZh: sql`excluded.name_zh`, nameEn: sql`excluded.name_en`, sort: sql`excluded.sort` },
      });
    await tx
      .insert(districts)
      .values([...DISTRICTS])
      .onConflictDoUpdate({
        target: districts.code,
        set: { nameZh: sql`excluded.name_zh`, nameEn: sql`excluded.name_en` },
      });
    await inChunks(CATEGORIES, (chunk) =>
      tx
        .insert(categories)
        .values(chunk.map((c) => ({ ...c, active: true })))
        .onConflictDoUpdate({
          target: categories.code,
          set: {
            parentCode: sql`excluded.parent_code`,
            nameZh: sql`excluded.name_zh`,
            level: sql`excluded.level`,
            defaultUrgency: sql`excluded.default_urgency`,
          },
        }),
    );
    await tx
      .insert(units)
      .values(
        UNITS.map((u) => ({
          code: u.code,
          nameZh: u.nameZh,
          nameEn: u.nameEn,
          type: u.type,
          peerGroup: u.peerGroup,
          mainLeader: u.mainLeader,
          responsibleLeader: u.responsibleLeader,
          territory: [...u.territory],
        })),
      )
      .onConflictDoUpdate({
        target: units.code,
        set: {
          nameZh: sql`excluded.name_zh`,
          nameEn: sql`excluded.name_en`,
          type: sql`excluded.type`,
          peerGroup: sql`excluded.peer_group`,
          mainLeader: sql`excluded.main_leader`,
          responsibleLeader: sql`excluded.responsible_leader`,
          territory: sql`excluded.territory`,
        },
      });
    const ids = await unitIdsByCode(tx as unknown as Db);
    for (const u of UNITS) {
      const superiorId = u.superiorCode ? ids.get(u.superiorCode) : null;
      await tx
        .update(units)
        .set({ superiorId: superiorId ?? null })
        .where(eq(units.code, u.code));
    }
    if (options.resetRules) await tx.delete(responsibilityRules);
    const [{ n: ruleCount } = { n: 0 }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(responsibilityRules);
    if (ruleCount === 0)
      await tx.insert(responsibilityRules).values(
        RESPONSIBILITY_RULES.map((r) => {
          const unitId = ids.get(r.unitCode);
          if (!unitId) throw new Error(`responsibility rule names unknown unit ${r.unitCode}`);
          return {
            categoryCode: r.categoryCode,
            districtCode: r.districtCode,
            unitId,
            priority: r.priority,
            note: r.note ?? null,
          };
        }),
      );
    const [policy] = await tx.select({ v: policyVersions.version }).from(policyVersions).limit(1);
    if (!policy) {
      await tx.insert(policyVersions).values({
        version: 1,
        effectiveFrom: new Date('2021-09-22T00:00:00+08:00'), // 发布日期 of 吉市政办发〔2021〕19号
        data: DEFAULT_POLICY,
        note: '初始政策：依据吉市政办发〔2021〕19号',
        createdAt: now,
      });
    }
    const seed = chineseDaysSeed();
    await inChunks(seed.days, (chunk) =>
      tx
        .insert(calendarDays)
        .values(
          chunk.map((d) => ({
            date: d.date,
            kind: d.kind,
            name: d.name,
            source: d.source ?? 'chinese-days',
          })),
        )
        .onConflictDoNothing(),
    );
    await tx
      .insert(calendarYears)
      .values(seed.years.map((year) => ({ year, source: 'chinese-days', loadedAt: now })))
      .onConflictDoNothing();
  });
}

export async function unitIdsByCode(db: Db): Promise<Map<string, string>> {
  const rows = await db.select({ id: units.id, code: units.code }).from(units);
  return new Map(rows.map((r) => [r.code, r.id]));
}

export interface DemoUser {
  username: string;
  displayName: string;
  roles: Role[];
  unitCode: string | null;
}

/** The demo accounts: one per office role, and a handler and a leader for every handling unit. */
export function demoUsers(): DemoUser[] {
  const list: DemoUser[] = [
    { username: 'admin', displayName: '系统管理员', roles: ['admin'], unitCode: null },
    { username: 'auditor', displayName: '审计员 陈洁', roles: ['auditor'], unitCode: null },
    { username: 'operator', displayName: '话务员 李敏', roles: ['office_operator'], unitCode: 'OFFICE' },
    { username: 'operator2', displayName: '话务员 赵丽', roles: ['office_operator'], unitCode: 'OFFICE' },
    { username: 'revisitor', displayName: '回访员 孙静', roles: ['office_revisitor'], unitCode: 'OFFICE' },
    { username: 'supervisor', displayName: '督查员 周强', roles: ['supervisor'], unitCode: 'SUPERVISION' },
    { username: 'leader', displayName: '市领导 吴志刚', roles: ['leader'], unitCode: 'CITY' },
  ];
  const offices = new Set(['CITY', 'OFFICE', 'SUPERVISION']);
  for (const u of UNITS) {
    if (offices.has(u.code)) continue;
    const base = u.code.toLowerCase();
    list.push({
      username: `${base}.handler`,
      displayName: `${u.nameZh} 承办人`,
      roles: ['unit_handler'],
      unitCode: u.code,
    });
    list.push({
      username: `${base}.leader`,
      displayName: `${u.nameZh} ${u.responsibleLeader}`,
      roles: ['unit_leader'],
      unitCode: u.code,
    });
  }
  return list;
}

/** Creates the demo accounts (demo mode only; never in production). One hash serves all: they share a password. */
export async function loadDemoUsers(db: Db, password: string): Promise<number> {
  const passwordHash = await hashPassword(password);
  const ids = await unitIdsByCode(db);
  const rows = demoUsers().map((u) => ({
    username: u.username,
    displayName: u.displayName,
    passwordHash,
    roles: u.roles,
    unitId: u.unitCode ? (ids.get(u.unitCode) ?? null) : null,
    isDemo: true,
  }));
  await inChunks(rows, (chunk) =>
    db.insert(users).values(chunk).onConflictDoNothing({ target: users.username }),
  );
  return rows.length;
}

export async function isReferenceLoaded(db: Db): Promise<boolean> {
  const [row] = await db.select({ code: channels.code }).from(channels).limit(1);
  return row !== undefined;
}

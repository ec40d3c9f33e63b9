/**
 * The timeline names everything in both languages: every event type the server can write and every payload
 * field has a zh and an en label, and payload values read as words and Shanghai times — never raw keys
 * like `revisit-draw`, `method` or `contactedAt`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  EVENT_ACTOR_ROLES,
  TICKET_EVENT_FIELDS,
  TICKET_EVENT_TYPES,
  type TicketEventType,
} from '../../../shared/events.js';
import { translator } from '../i18n';
import type { TicketEventView } from '../api';
import type { Names } from '../reference';
import { timelineEn, timelineZh, type TimelineKey } from './timeline-i18n';
import { actorLabel, eventLabel, fieldLabel, formatValue, statusAfter, visibleData } from './timeline';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const HAN = /\p{Script=Han}/u;
const langs = {
  zh: { t: translator('zh'), tt: (k: TimelineKey) => timelineZh[k] },
  en: { t: translator('en'), tt: (k: TimelineKey) => timelineEn[k] },
};
const names: Names = {
  unit: (id) => (id === 'u-1' ? '北京路街道办事处' : `unit:${id}`),
  category: (c) => `category:${c}`,
  channel: (c) => `channel:${c}`,
  district: (d) => `district:${d}`,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'migrations' ? [] : sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Event types written anywhere in server/ and domain/: the state machine's commands and every writer. */
function emittedEventTypes(): Set<string> {
  const found = new Set<string>();
  const add = (re: RegExp, text: string) => {
    for (const m of text.matchAll(re)) if (m[1]) found.add(m[1]);
  };
  for (const file of [...sourceFiles(join(repo, 'server')), ...sourceFiles(join(repo, 'domain'))]) {
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('ticket.machine.ts')) add(/\|\s*\{\s*type:\s*'([a-z-]+)'/g, text);
    add(/systemEvent\(\s*\w+,\s*'([a-z-]+)'/g, text);
    add(/followParent\([^)]*'([a-z-]+)'/g, text);
    if (/appendEvent\(|saveChange\(/.test(text)) add(/\baction:\s*'([a-z-]+)'/g, text);
    if (/INSERT INTO ticket_events/.test(text)) add(/,\s*'([a-z-]+)',\s*NULL,/g, text);
  }
  return found;
}

describe('timeline vocabulary', () => {
  it('knows every event type the server writes (a new one must be added to shared/events.ts)', () => {
    const emitted = emittedEventTypes();
    // The scan itself must see the writers it is meant to watch.
    for (const e of [
      'register',
      'revisit-draw',
      'archive',
      'overdue',
      'merge',
      'deadline-recomputed',
      'dispatch',
    ])
      expect(emitted).toContain(e);
    expect([...emitted].filter((e) => !(TICKET_EVENT_TYPES as readonly string[]).includes(e))).toEqual([]);
  });

  it.each(Object.entries(langs))(
    'labels every event type, payload field and actor in %s',
    (lang, { t, tt }) => {
      const script = (s: string) => (lang === 'zh' ? expect(s).toMatch(HAN) : expect(s).not.toMatch(HAN));
      for (const type of TICKET_EVENT_TYPES) {
        const label = eventLabel(type, tt);
        expect(label, type).not.toBe(type);
        script(label);
      }
      for (const field of TICKET_EVENT_FIELDS) {
        const label = fieldLabel(field, tt);
        expect(label, field).not.toBe(field);
        script(label);
      }
      for (const role of EVENT_ACTOR_ROLES) script(actorLabel(role, t, tt));
      script(actorLabel('office_revisitor', t, tt));
    },
  );
});

describe('payload values', () => {
  const { t, tt } = langs.zh;
  it('shows times in Asia/Shanghai, methods, outcomes and sampling in words', () => {
    expect(formatValue('contactedAt', '2026-11-10T01:30:00.000Z', names, t, tt)).toBe('2026-11-10 09:30');
    expect(formatValue('method', 'sms', names, t, tt)).toBe('短信');
    expect(formatValue('method', 'visit', names, langs.en.t, langs.en.tt)).toBe('Visit');
    expect(formatValue('outcome', 'basically_satisfied', names, t, tt)).toBe('基本满意');
    // The request type in words, not its code ("诉求类型：other").
    expect(formatValue('requestType', 'other', names, t, tt)).toBe('其他');
    expect(formatValue('requestType', 'complaint', names, langs.en.t, langs.en.tt)).toBe('Complaint');
    expect(formatValue('rate', 0.3, names, t, tt)).toBe('30%');
    expect(formatValue('reason', 'not-sampled', names, t, tt)).toContain('未抽中回访');
    expect(formatValue('via', 'rating-link', names, t, tt)).toContain('评价链接');
    expect(formatValue('parentAction', 'revisit-draw' satisfies TicketEventType, names, t, tt)).toBe(
      '抽中回访',
    );
    expect(formatValue('fromUnitId', 'u-1', names, t, tt)).toBe('北京路街道办事处');
    expect(formatValue('assistUnitIds', ['u-1', 'u-1'], names, t, tt)).toBe(
      '北京路街道办事处、北京路街道办事处',
    );
    expect(formatValue('reached', false, names, t, tt)).toBe('否');
    // Free text stays as written.
    expect(formatValue('reason', '不属于本单位职责', names, t, tt)).toBe('不属于本单位职责');
  });

  it('hides bookkeeping (sampling seed and value, ids, policy version) and repeats of unchanged deadlines', () => {
    const ev = (id: number, action: string, data: Record<string, unknown>): TicketEventView => ({
      id,
      at: '2026-11-10T01:00:00.000Z',
      action,
      fromStatus: null,
      toStatus: null,
      actorUserId: null,
      actorName: null,
      actorRole: 'system',
      actorUnitId: null,
      data,
    });
    const due = '2026-11-17T16:00:00.000Z';
    const shown = visibleData([
      ev(1, 'dispatch', { unitId: 'u-1', completeDueAt: due, policyVersion: 1 }),
      ev(2, 'revisit-draw', { seed: 'v1', value: 0.12, rate: 0.3, drawn: true, completeDueAt: due }),
      ev(3, 'merge', { parentId: 'x', parentCode: 'J20261110000001' }),
    ]);
    expect(shown.map((d) => d.map(([k]) => k))).toEqual([
      ['unitId', 'completeDueAt'],
      ['rate', 'drawn'],
      ['parentCode'],
    ]);
  });
});

describe('the status after an event', () => {
  const event = (action: string, fromStatus: string | null, toStatus: string | null) =>
    ({ action, fromStatus, toStatus }) as unknown as TicketEventView;
  it('never repeats the event name ("Registered → Registered"), and shows a real change in both languages', () => {
    expect(statusAfter(event('register', null, 'registered'), langs.en.t, langs.en.tt)).toBeNull();
    expect(statusAfter(event('register', null, 'registered'), langs.zh.t, langs.zh.tt)).toBe('已登记');
    expect(statusAfter(event('supervise', 'supervising', 'accepted'), langs.en.t, langs.en.tt)).toBe(
      'Accepted',
    );
    expect(statusAfter(event('note', 'accepted', 'accepted'), langs.en.t, langs.en.tt)).toBeNull();
  });
});

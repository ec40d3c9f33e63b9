/**
 * Ticket use cases: register (R4.1, R2.2), list, read, and every lifecycle action (R4.2–R4.6, R6.1).
 * Each change and its event are written in one transaction.
 */
import { requireCapability } from '../auth/permissions.js';
import { randomUUID } from 'node:crypto';
import { Batcher } from '../db/batcher.js';
import { audit } from '../audit/audit.service.js';
import type { TicketRow } from '../db/schema.js';
import type { AppContext } from '../context.js';
import { AppError, notFound } from '../errors.js';
import type { Viewer } from '../auth/viewer.js';
import { hasRole, isOffice } from '../auth/viewer.js';
import { actingRole, type TicketCommand } from '../../domain/ticket/ticket.machine.js';
import { hoursDeadline, workingDaysDeadline } from '../../domain/calendar/deadline.js';
import { applyTransition, type TransitionOptions } from './ticket.transition.js';
import { suggestRequestType } from '../../domain/classify/request-type.js';
import { shanghaiDate } from '../../domain/calendar/working-calendar.js';
import type { TicketStatus, Urgency } from '../../shared/enums.js';
import type { GroupMemberView, TicketView } from '../../shared/schemas/tickets.js';
import type { z } from 'zod';
import type { createTicketBody, ticketListQuery } from '../../shared/schemas/tickets.js';
import {
  accessTo,
  scopeUnit,
  scopeWithout,
  visibleScope,
  type TicketAccess,
  type TicketUnitLink,
} from './ticket.access.js';
import { presentEventData, presentTicket } from './ticket.presenter.js';
import * as repo from './ticket.repository.js';
import { highlight, ticketQuery, ticketSimilarityKeys, ticketVectorLiteral } from '../search/segment.js';
import { enqueueRegistrations } from '../integrations/outbox.repository.js';

type CreateTicket = z.output<typeof createTicketBody>;
type ListQuery = z.output<typeof ticketListQuery>;

type Registration = { values: repo.NewTicket; event: repo.RegisterEvent };
const batchers = new WeakMap<AppContext, Batcher<Registration, TicketRow | undefined>>();

/** Registrations arriving together are written together (group commit); a failed batch is retried one by one. */
function registrations(ctx: AppContext): Batcher<Registration, TicketRow | undefined> {
  let b = batchers.get(ctx);
  if (!b) {
    // The registrations and the webhook deliveries they cause commit together (server/integrations/).
    const insert = (items: Registration[]) =>
      ctx.db.transaction(async (tx) => {
        const rows = await repo.insertTicketsWithEvents(tx, items);
        await enqueueRegistrations(
          tx,
          rows.flatMap((ticket, i) =>
            ticket ? [{ ticket, at: items[i]!.event.at, data: items[i]!.event.data }] : [],
          ),
        );
        return rows;
      });
    b = new Batcher(async (items) => {
      try {
        return await insert(items);
      } catch (err) {
        if (items.length === 1) throw err;
        return Promise.all(items.map(async (item) => (await insert([item]))[0]));
      }
    });
    batchers.set(ctx, b);
  }
  return b;
}

/** The office registers requests from every channel (R4.1). */
export async function registerTicket(
  ctx: AppContext,
  viewer: Viewer,
  input: CreateTicket,
): Promise<{ ticket: TicketView; created: boolean }> {
  requireCapability(viewer, 'ticket.register');
  const { row, created } = await registerFromChannel(ctx, viewer, input);
  if (!created) {
    const links = (await repo.linksOf(ctx.db, [row.id])).get(row.id) ?? [];
    return { ticket: await present(ctx, viewer, row, links), created };
  }
  // Just written: no unit links, no parent, no duplicates merged into it yet.
  const access = accessTo(viewer, await visibleScope(ctx.db, viewer), row.leadUnitId, []);
  const group = { parentCode: null, complainantCount: 1 };
  return { ticket: await presentWith(ctx, viewer, row, [], access, group), created };
}

/**
 * Registration shared by the office and public channels; `viewer` null means a submission without an operator (the
 * citizens' page, a partner's system). `origin` goes on the register event (which partner's key, through which door).
 */
export async function registerFromChannel(
  ctx: AppContext,
  viewer: Viewer | null,
  input: CreateTicket,
  origin?: { via: string; apiKeyId: string },
): Promise<{ row: TicketRow; created: boolean }> {
  const now = ctx.clock.now();
  const ref = await checkReferences(ctx, input);
  const policy = await ctx.policy.inForce(now);
  const c = ctx.cipher;
  const values = {
    id: randomUUID(),
    codePrefix: 'J' + shanghaiDate(now).replaceAll('-', ''),
    status: 'registered' as TicketStatus,
    urgency: input.urgency ?? ref.defaultUrgency,
    // The operator's choice, or the type suggested from the text.
    requestType: input.requestType ?? suggestRequestType(`${input.title ?? ''} ${input.content}`).type,
    categoryCode: input.categoryCode ?? null,
    channel: input.channel,
    channelRef: input.channelRef ?? null,
    receivedAt: input.receivedAt ?? now,
    registeredAt: now,
    title: input.title || deriveTitle(input.content),
    content: input.content,
    complainantNameEnc: c.encrypt('complainant.name', input.complainant.name),
    complainantPhoneEnc: c.encrypt('complainant.phone', input.complainant.phone),
    complainantPhoneHash: c.phoneHash(input.complainant.phone),
    complainantIdNumberEnc: input.complainant.idNumber
      ? c.encrypt('complainant.idNumber', input.complainant.idNumber)
      : null,
    complainantAddressEnc: input.complainant.address
      ? c.encrypt('complainant.address', input.complainant.address)
      : null,
    locationDistrict: ref.districtCode,
    locationAddress: input.location?.address ?? null,
    lng: input.location?.lng ?? null,
    lat: input.location?.lat ?? null,
    policyVersion: policy.version,
    callId: input.callId ?? null,
    createdBy: viewer?.userId ?? null,
    updatedAt: now,
  };
  // Ticket search (ADR 0010): the words of the request, never the complainant's own name, number or address.
  const complainant = input.complainant;
  const searchVector = ticketVectorLiteral({ title: values.title, content: values.content }, [
    complainant.name,
    complainant.phone,
    complainant.idNumber ?? '',
    complainant.address ?? '',
  ]);
  // Duplicate hints (R2.2, ADR 0010): the keys of similar text in this district and week.
  const similarityKeys = ticketSimilarityKeys(values.title, values.content, values.locationDistrict, now);
  const inserted = await registrations(ctx).submit({
    values: { ...values, searchVector, similarityKeys },
    event: {
      at: now,
      actorUserId: viewer?.userId ?? null,
      actorRole: viewer ? (actingRoleForRegister(viewer) ?? 'unknown') : 'public',
      actorUnitId: viewer?.unitId ?? null,
      data: {
        channel: values.channel,
        channelRef: values.channelRef,
        urgency: values.urgency,
        requestType: values.requestType,
        categoryCode: values.categoryCode,
        policyVersion: policy.version,
        ...(values.callId ? { callId: values.callId } : {}),
        ...(origin ?? {}),
      },
    },
  });
  if (inserted) {
    // A request with no operator (citizens' page, channel integrations) gets the office's suggestions on
    // arrival, stored with it: the dispatch dialog shows them, an urgent-looking one heads the queue.
    if (!viewer) await ctx.suggestions.onArrival(inserted);
    return { row: inserted, created: true };
  }
  // R2.2 decision: the same submission delivered twice is one ticket — answer with the first.
  const existing = await repo.findByChannelRef(ctx.db, input.channel, input.channelRef ?? null);
  if (!existing) throw new AppError('TICKET.CONFLICT', '工单登记冲突，请重试。');
  return { row: existing, created: false };
}

async function checkReferences(ctx: AppContext, input: CreateTicket) {
  const invalidField = (
    code: 'CHANNEL.NOT_FOUND' | 'CATEGORY.NOT_FOUND' | 'REQUEST.INVALID',
    field: string,
    what: string,
    value: string,
  ) => new AppError(code, `${what}不存在：${value}`, { fields: [{ field, message: `${what}不存在` }] });
  if (!(await ctx.reference.hasChannel(input.channel)))
    throw invalidField('CHANNEL.NOT_FOUND', 'channel', '受理渠道', input.channel);
  let defaultUrgency: Urgency = 'general';
  if (input.categoryCode) {
    const u = await ctx.reference.categoryUrgency(input.categoryCode);
    if (!u) throw invalidField('CATEGORY.NOT_FOUND', 'categoryCode', '事项分类', input.categoryCode);
    defaultUrgency = u;
  }
  let districtCode: string | null = null;
  const d = input.location?.district;
  if (d) {
    districtCode = (await ctx.reference.districtCode(d)) ?? null;
    if (!districtCode) throw invalidField('REQUEST.INVALID', 'location.district', '所在区县', d);
  }
  return { defaultUrgency, districtCode };
}

function deriveTitle(content: string): string {
  const firstLine = content.split(/[\n。！？!?]/)[0] ?? content;
  return firstLine.length > 40 ? `${firstLine.slice(0, 40)}…` : firstLine;
}

function actingRoleForRegister(v: Viewer): string | null {
  return v.roles.find((r) => r === 'office_operator') ?? v.roles[0] ?? null;
}

/**
 * A ticket the viewer may see, with their access to it; 404 — the same answer as a missing ticket, and an
 * Audited denial — when they may not (R9.1). Everything reachable under a ticket starts here.
 */
export async function visibleTicket(ctx: AppContext, viewer: Viewer, id: string) {
  // A missing ticket takes the same path as another unit's (the same queries and an audited denial), so
  // the time of the answer does not tell that the ticket exists (R9.1; GB/T 22239 8.1.4.2).
  const row = await repo.findTicket(ctx.db, id);
  const links = (await repo.linksOf(ctx.db, [id])).get(id) ?? [];
  const access = accessTo(viewer, await visibleScope(ctx.db, viewer), row?.leadUnitId ?? null, links);
  if (!row || !access.visible) {
    await audit(ctx.db, {
      at: ctx.clock.now(),
      actor: viewer,
      action: 'ticket.read',
      ticketId: id,
      outcome: 'denied',
      details: { reason: row ? 'not-visible' : 'missing' },
    });
    throw notFound();
  }
  return { row, links, access };
}

/** One ticket as the viewer may see it; 404 when the viewer may not see it at all. */
export async function getTicket(ctx: AppContext, viewer: Viewer, id: string): Promise<TicketView> {
  const { row, links, access } = await visibleTicket(ctx, viewer, id);
  // R9.1: every view of unmasked personal data is audited (never the data itself).
  if (access.unmasked) {
    await audit(ctx.db, {
      at: ctx.clock.now(),
      actor: viewer,
      action: 'personal-data.view',
      ticketId: id,
      outcome: 'success',
    });
  }
  return presentWith(ctx, viewer, row, links, access);
}

/** The list's filter for a viewer, without paging: the list and its export (ticket.export.ts) share it. */
export async function listFilter(
  ctx: AppContext,
  viewer: Viewer,
  scope: 'all' | string[],
  q: Omit<ListQuery, 'page' | 'pageSize'>,
): Promise<Omit<repo.ListFilter, 'page' | 'pageSize'>> {
  const now = ctx.clock.now();
  const mayUsePhone = isOffice(viewer) || hasRole(viewer, 'supervisor');
  const phoneLike = q.q && /^[+\d\s\-()]{7,}$/.test(q.q);
  return {
    scope,
    status: q.status,
    urgency: q.urgency,
    requestType: q.requestType,
    unitId: q.unitId,
    categoryCode: q.categoryCode,
    district: q.district,
    registeredFrom: q.registeredFrom,
    registeredTo: q.registeredTo,
    q: q.q || undefined,
    text: q.q ? ticketQuery(q.q)?.tsquery : undefined,
    qUnits: q.q ? await ctx.reference.unitsNamed(q.q) : undefined,
    phoneHash: mayUsePhone && phoneLike && q.q ? ctx.cipher.phoneHash(q.q) : undefined,
    open: q.open === 'true' && !q.status,
    overdueAt: q.overdue === 'true' ? now : undefined,
    notOverdueAt: q.overdue === 'false' ? now : undefined,
    // `link` is relative to the viewer's unit; for viewers without one it narrows to nothing.
    handlingUnits: q.link === 'handling' ? (scope === 'all' ? undefined : scope) : undefined,
    copiedTo: q.link === 'copy' ? (viewer.unitId ?? '00000000-0000-0000-0000-000000000000') : undefined,
    awaitingRevisit: q.queue === 'revisit',
    sort: q.sort,
  };
}

export async function listTickets(
  ctx: AppContext,
  viewer: Viewer,
  q: ListQuery,
): Promise<{ items: TicketView[]; total: number; approx: boolean }> {
  const scope = await visibleScope(ctx.db, viewer);
  if (scope === 'none') return { items: [], total: 0, approx: false };
  const { rows, total, approx } = await repo.listTickets(ctx.db, {
    ...(await listFilter(ctx, viewer, scope, q)),
    ranked: true,
    page: q.page,
    pageSize: q.pageSize,
  });
  const marks = q.q ? ticketQuery(q.q)?.marks : undefined;
  const links = await repo.linksOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  const groups = await repo.groupFacts(ctx.db, rows);
  const arrivedUrgent = await repo.arrivedUrgentAmong(
    ctx.db,
    rows.filter((r) => r.status === 'registered' && r.urgency !== 'urgent').map((r) => r.id),
  );
  const items = await Promise.all(
    rows.map(async (r) => {
      const l = links.get(r.id) ?? [];
      // Lists always show personal data masked (R9.1: least exposure); the ticket page shows it to those allowed.
      const view = await presentWith(
        ctx,
        viewer,
        r,
        l,
        { ...accessTo(viewer, scope, r.leadUnitId, l), unmasked: false },
        groups.get(r.id),
      );
      const found = marks ? { ...view, match: highlight(r, marks) } : view;
      return arrivedUrgent.has(r.id) ? { ...found, looksUrgent: true } : found;
    }),
  );
  return { items, total, approx };
}

export async function ticketEvents(ctx: AppContext, viewer: Viewer, id: string) {
  // 404 unless visible; a check, not a view of personal data: texts are masked for masked viewers.
  const { row, access } = await visibleTicket(ctx, viewer, id);
  const rows = await repo.eventsOf(ctx.db, id);
  const name = access.unmasked ? '' : ctx.cipher.decrypt('complainant.name', row.complainantNameEnc);
  return rows.map((r) => ({
    ...r,
    at: r.at.toISOString(),
    data: presentEventData(r.data as Record<string, unknown>, access.unmasked, name),
  }));
}

/**
 * Runs one lifecycle action: lock, check access, then the transition (ticket.transition.ts: revision, decide,
 * save through the one write path, links, effects), then present.
 */
export async function act(
  ctx: AppContext,
  viewer: Viewer,
  id: string,
  cmd: TicketCommand,
  options: ActOptions = {},
): Promise<TicketView> {
  return (await actOnce(ctx, viewer, id, cmd, options)).ticket;
}

export type ActOptions = Pick<
  TransitionOptions,
  'expectedRev' | 'inTransaction' | 'eventData' | 'idempotencyKey'
>;

/**
 * `act`, telling whether the answer is a replay: an action whose Idempotency-Key this ticket's events already
 * hold (the same user's same action, sent again after a lost answer or from an offline queue) changes nothing
 * and answers the ticket as it is now — before the revision check, since the repeat carries the revision its
 * first attempt saw. The key reused by another user or for another action is a 409.
 */
export async function actOnce(
  ctx: AppContext,
  viewer: Viewer,
  id: string,
  cmd: TicketCommand,
  options: ActOptions = {},
): Promise<{ ticket: TicketView; replayed: boolean }> {
  const now = ctx.clock.now();
  // What is read through ctx.db happens before the transaction: PGlite has one connection, so a query outside
  // the transaction while it is open would wait for ever. The ticket itself is read once, locked.
  const cal = await ctx.calendar.calendar();
  // The viewer's scope: their unit's subtree is read with the ticket's lock.
  const subtreeOf = scopeUnit(viewer);
  let scope: 'all' | 'none' | string[] = scopeWithout(viewer);
  // A missing ticket is denied and audited like another unit's (R9.1): the same answer, the same record.
  let deniedAction = false;
  let replayed = false;
  let links: TicketUnitLink[] = [];
  let group: repo.GroupFacts | undefined;
  const row = await ctx.db
    .transaction(async (tx) => {
      const locked = await repo.lockTicketForAction(tx, id, subtreeOf);
      if (!locked) {
        deniedAction = true;
        throw notFound();
      }
      if (subtreeOf) scope = locked.subtree;
      const current = locked.row;
      group = locked.group;
      links = locked.links;
      const access = accessTo(viewer, scope, current.leadUnitId, links);
      if (!access.visible) {
        deniedAction = true;
        throw notFound();
      }
      if (options.idempotencyKey) {
        // The row lock is held: a concurrent attempt with the same key waits here and then finds the event.
        const earlier = await repo.eventByIdempotencyKey(tx, id, options.idempotencyKey);
        if (earlier) {
          if (earlier.actorUserId !== viewer.userId || earlier.action !== cmd.type)
            throw new AppError(
              'TICKET.IDEMPOTENCY_REUSED',
              '该 Idempotency-Key 已用于另一操作，请为新操作生成新的键。',
              {
                fields: [{ field: 'Idempotency-Key', message: '已用于另一操作' }],
              },
            );
          replayed = true;
          return current;
        }
      }
      // A ticket's policy version never changes; versions are cached (read through tx on a miss).
      const policy = await ctx.policy.get(current.policyVersion, tx);
      const t = await applyTransition(
        tx,
        current,
        cmd,
        {
          roles: viewer.roles,
          handlesTicket: access.handles,
          leadsTicket: access.leads,
          userId: viewer.userId,
          role: actingRole(viewer.roles, cmd.type),
          unitId: viewer.unitId,
        },
        {
          now,
          policy,
          cal,
          publicUrl: ctx.config.publicUrl,
          sms: ctx.config.notifySms,
          childless: group.complainantCount === 1,
        },
        options,
      );
      // The links as committed: read again only when this change may have re-pointed them.
      if (!replayed && (RELINKING.has(cmd.type) || options.inTransaction))
        links = (await repo.linksOf(tx, [id])).get(id) ?? [];
      return t;
    })
    .catch(async (err: unknown) => {
      if (deniedAction) {
        await audit(ctx.db, {
          at: now,
          actor: viewer,
          action: `ticket.${cmd.type}`,
          ticketId: id,
          outcome: 'denied',
        });
      }
      throw err;
    });
  // The office's choice against the suggestions (R4.2): for the accuracy figure and the confidence.
  const chosen =
    cmd.type === 'dispatch' || (cmd.type === 'review-return' && cmd.accept) ? cmd.unitId : undefined;
  if (chosen)
    await ctx.suggestions.recordChoice(row, chosen, viewer.userId).catch((err: unknown) => {
      console.error('派单建议采纳记录失败：', err);
    });
  const access = accessTo(viewer, scope, row.leadUnitId, links);
  const ticket = await presentWith(ctx, viewer, row, links, access, group);
  return { ticket, replayed };
}

/** The commands whose transition re-points the ticket's unit links (ticket.links.ts `applyLinks`). */
const RELINKING: ReadonlySet<TicketCommand['type']> = new Set([
  'dispatch',
  'review-return',
  'coordinate',
  'sub-dispatch',
  'add-assist',
]);

async function present(
  ctx: AppContext,
  viewer: Viewer,
  row: TicketRow,
  links: TicketUnitLink[],
): Promise<TicketView> {
  return presentWith(
    ctx,
    viewer,
    row,
    links,
    accessTo(viewer, await visibleScope(ctx.db, viewer), row.leadUnitId, links),
  );
}

async function presentWith(
  ctx: AppContext,
  viewer: Viewer,
  row: TicketRow,
  links: readonly TicketUnitLink[],
  access: TicketAccess,
  group?: repo.GroupFacts,
): Promise<TicketView> {
  const policy = await ctx.policy.get(row.policyVersion);
  const now = ctx.clock.now();
  return presentTicket(
    row,
    links,
    viewer,
    access,
    ctx.cipher,
    now,
    policy.data.revisitMaxAttempts,
    await internalDueAt(ctx, viewer, row),
    group ?? (await repo.groupFacts(ctx.db, [row])).get(row.id),
  );
}

/**
 * A merged group as the viewer may see it (R2.2): the parent and each duplicate merged into it, each complainant
 * with their own revisit state and the actions open on their ticket — the revisit queue calls each once, in one
 * place. Personal data is shown as on the ticket page: unmasked to those who handle it, each view audited (R9.1).
 */
export async function ticketGroup(ctx: AppContext, viewer: Viewer, id: string): Promise<GroupMemberView[]> {
  const { row } = await visibleTicket(ctx, viewer, id);
  const members = await repo.groupOf(ctx.db, row.parentTicketId ?? row.id);
  const scope = await visibleScope(ctx.db, viewer);
  const links = await repo.linksOf(
    ctx.db,
    members.map((m) => m.id),
  );
  const out: GroupMemberView[] = [];
  for (const m of members) {
    const l = links.get(m.id) ?? [];
    const access = accessTo(viewer, scope, m.leadUnitId, l);
    if (!access.visible) continue;
    const v = await presentWith(ctx, viewer, m, l, access, { parentCode: null, complainantCount: 1 });
    if (access.unmasked)
      await audit(ctx.db, {
        at: ctx.clock.now(),
        actor: viewer,
        action: 'personal-data.view',
        ticketId: m.id,
        outcome: 'success',
      });
    out.push({
      id: v.id,
      code: v.code,
      parent: m.parentTicketId === null,
      status: v.status,
      receivedAt: v.receivedAt,
      complainant: v.complainant,
      revisitAttempts: v.revisitAttempts,
      revisitOutcome: v.revisitOutcome,
      rev: v.rev,
      allowedActions: v.allowedActions,
    });
  }
  return out;
}

/** R10.1: the lead unit's own stricter deadline, shown to that unit's staff only. */
async function internalDueAt(ctx: AppContext, viewer: Viewer, row: TicketRow): Promise<Date | null> {
  if (!viewer.unitId || viewer.unitId !== row.leadUnitId || !row.dispatchedAt) return null;
  const rule = await ctx.reference.internalDeadlines(viewer.unitId);
  if (!rule) return null;
  if (row.urgency === 'urgent')
    return rule.urgentHours ? hoursDeadline(row.dispatchedAt, rule.urgentHours).dueAt : null;
  if (!rule.generalWorkingDays) return null;
  return workingDaysDeadline(await ctx.calendar.calendar(), row.dispatchedAt, rule.generalWorkingDays).dueAt;
}

/**
 * The phone system's screen pop (来电弹屏): the phone system announces a call for an agent (API key scoped to
 * `cti.calls`); the agent's open pages hear it at once through the notification stream and fetch it: the caller's
 * number and earlier requests of the last 90 days, looked up by the keyed phone hash (R9.1: nothing decrypted to
 * search). The number is sealed at rest like any complainant's; only the agent the call rang for sees it, and
 * that view is audited. A ticket registered from the pop carries the call id, and the phone system's later
 * recording or transcript is attached to it (server/attachments).
 */
import { and, eq } from 'drizzle-orm';
import { ctiCalls, users } from '../db/schema.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { audit } from '../audit/audit.service.js';
import { announceCall } from '../notifications/notification.hub.js';
import { recentByPhoneHash, ticketsOfCall } from '../tickets/ticket.repository.js';
import { addAttachment } from '../attachments/attachment.service.js';
import type { Viewer } from '../auth/viewer.js';
import type { ApiKeyPrincipal } from '../auth/api-keys.service.js';
import { can } from '../../shared/capabilities.js';
import type { CtiCallView } from '../../shared/schemas/cti.js';

const CALLER_FIELD = 'complainant.phone';
const EARLIER_DAYS = 90;
const EARLIER_MAX = 20;

const noCall = () => new AppError('CTI.CALL_NOT_FOUND', '来电不存在。');

/** The agent a call rings for: an active user who registers requests (a 市长电话室 operator). */
async function agentByUsername(ctx: AppContext, username: string): Promise<Viewer> {
  const [u] = await ctx.db
    .select()
    .from(users)
    .where(and(eq(users.username, username), eq(users.active, true)));
  if (!u || !can(u.roles, 'ticket.register'))
    throw new AppError('REQUEST.INVALID', `坐席不存在或不是话务员：${username}`, {
      fields: [{ field: 'agent', message: '坐席不存在或不是话务员' }],
    });
  return asViewer(u);
}

function asViewer(u: typeof users.$inferSelect): Viewer {
  return {
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    unitId: u.unitId,
    sessionId: 'cti',
    mfaRequired: false,
    passwordChangeRequired: false,
  };
}

/** Records the call and tells the agent's open pages (on commit). The same call announced again pops again. */
export async function announce(
  ctx: AppContext,
  key: ApiKeyPrincipal,
  input: { callerNumber: string; callId: string; agent: string },
): Promise<{ callId: string; openPages: number }> {
  const agent = await agentByUsername(ctx, input.agent);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [existing] = await tx.select().from(ctiCalls).where(eq(ctiCalls.callId, input.callId));
    if (existing && existing.apiKeyId !== key.id) throw noCall();
    const values = {
      callerPhoneEnc: ctx.cipher.encrypt(CALLER_FIELD, input.callerNumber),
      callerPhoneHash: ctx.cipher.phoneHash(input.callerNumber),
      agentUserId: agent.userId,
      apiKeyId: key.id,
      at: now,
    };
    if (existing) await tx.update(ctiCalls).set(values).where(eq(ctiCalls.callId, input.callId));
    else await tx.insert(ctiCalls).values({ callId: input.callId, ...values });
    await announceCall(tx, agent.userId, input.callId);
  });
  return { callId: input.callId, openPages: ctx.hub.callListeners(agent.userId) };
}

/** The pop as the agent's page shows it; anyone but the agent the call rang for is told it does not exist. */
export async function callForAgent(ctx: AppContext, viewer: Viewer, callId: string): Promise<CtiCallView> {
  const [call] = await ctx.db.select().from(ctiCalls).where(eq(ctiCalls.callId, callId));
  if (!call || call.agentUserId !== viewer.userId) throw noCall();
  const since = new Date(call.at.getTime() - EARLIER_DAYS * 86_400_000);
  const [earlier, registered] = await Promise.all([
    recentByPhoneHash(ctx.db, call.callerPhoneHash, since, EARLIER_MAX),
    ticketsOfCall(ctx.db, callId),
  ]);
  await audit(ctx.db, {
    at: ctx.clock.now(),
    actor: viewer,
    action: 'cti.call.view',
    target: callId,
    outcome: 'success',
    details: { earlier: earlier.length },
  });
  return {
    callId,
    callerNumber: ctx.cipher.decrypt(CALLER_FIELD, call.callerPhoneEnc),
    at: call.at.toISOString(),
    earlier: earlier.map((t) => ({ ...t, registeredAt: t.registeredAt.toISOString() })),
    registered: registered.map((t) => ({ id: t.id, code: t.code })),
  };
}

/**
 * Attaches the recording (audio, checked by content like any upload) or the transcript (kept as UTF-8 text) to the
 * first ticket registered from the call, as the agent who took it. Only the key that announced the call may.
 */
export async function attachRecording(
  ctx: AppContext,
  key: ApiKeyPrincipal,
  callId: string,
  file: { content: Buffer; name: string | undefined } | { transcript: string },
) {
  const [call] = await ctx.db.select().from(ctiCalls).where(eq(ctiCalls.callId, callId));
  if (!call || call.apiKeyId !== key.id) throw noCall();
  const [ticket] = await ticketsOfCall(ctx.db, callId);
  if (!ticket) throw new AppError('CTI.NO_TICKET', '该来电尚未登记诉求，无法附加录音。');
  const [agentRow] = await ctx.db.select().from(users).where(eq(users.id, call.agentUserId));
  if (!agentRow) throw noCall();
  const agent = asViewer(agentRow);
  if ('transcript' in file)
    return addAttachment(
      ctx,
      agent,
      ticket.id,
      Buffer.from(file.transcript, 'utf8'),
      `来电转写-${callId}.txt`,
      {
        mediaType: 'text/plain; charset=utf-8',
        extension: 'txt',
      },
    );
  return addAttachment(ctx, agent, ticket.id, file.content, file.name ?? `来电录音-${callId}`);
}

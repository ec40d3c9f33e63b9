/**
 * TOTP second factor: available to everyone, required for admins in production
 * (`JIESU_ADMIN_TOTP=required` elsewhere). The secret is encrypted like personal data and never leaves the
 * server after enrolment; each code works once (the last used step is kept with the secret).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { users } from '../db/schema.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import {
  base32Decode,
  base32Encode,
  hotp,
  otpauthUri,
  totpStep,
  verifyTotp,
} from '../../domain/security/totp.js';

const FIELD = 'user.totp';
const hmacSha1 = (key: Uint8Array, msg: Uint8Array) =>
  new Uint8Array(createHmac('sha1', key).update(msg).digest());

export interface TotpState {
  secret: string;
  confirmed: boolean;
  lastStep: number | null;
}

export function readTotp(ctx: AppContext, stored: string | null): TotpState | null {
  if (!stored) return null;
  return JSON.parse(ctx.cipher.decrypt(FIELD, stored)) as TotpState;
}

const write = (ctx: AppContext, state: TotpState) => ctx.cipher.encrypt(FIELD, JSON.stringify(state));

export async function startEnrollment(ctx: AppContext, userId: string, username: string) {
  const secret = base32Encode(randomBytes(20));
  await ctx.db
    .update(users)
    .set({ totpSecret: write(ctx, { secret, confirmed: false, lastStep: null }) })
    .where(eq(users.id, userId));
  return { secret, otpauthUri: otpauthUri('Jiesu 接诉即办', username, secret) };
}

/** Checks a code against the user's secret; on success records the step so the code cannot be reused. */
export async function useCode(
  ctx: AppContext,
  userId: string,
  state: TotpState,
  code: string,
  confirm: boolean,
): Promise<boolean> {
  const step = verifyTotp(hmacSha1, base32Decode(state.secret), code, ctx.clock.now(), state.lastStep);
  if (step === null) return false;
  await ctx.db
    .update(users)
    .set({ totpSecret: write(ctx, { ...state, confirmed: state.confirmed || confirm, lastStep: step }) })
    .where(eq(users.id, userId));
  return true;
}

export async function confirmEnrollment(ctx: AppContext, userId: string, code: string): Promise<void> {
  const [u] = await ctx.db.select({ totp: users.totpSecret }).from(users).where(eq(users.id, userId));
  const state = readTotp(ctx, u?.totp ?? null);
  if (!state) throw new AppError('REQUEST.INVALID', '请先开始绑定动态口令。');
  if (!(await useCode(ctx, userId, state, code, true))) {
    throw new AppError('AUTH.INVALID_TOTP', '动态口令不正确或已使用，请输入验证器中的新口令。', {
      fields: [{ field: 'code', message: '口令不正确' }],
    });
  }
}

/** The code an authenticator would show now (tests and the demo only). */
export function currentCode(secret: string, at: Date): string {
  return hotp(hmacSha1, base32Decode(secret), totpStep(at));
}

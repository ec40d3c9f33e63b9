import { CAPABILITIES, type Capability } from '../capabilities.js';
import { z } from 'zod';
import { ROLES } from '../enums.js';
import { LIMITS } from '../limits.js';

export const loginBody = z.object({
  username: z.string().trim().min(1, { message: '请输入用户名' }).max(LIMITS.usernameMax),
  password: z.string().min(1, { message: '请输入密码' }).max(LIMITS.passwordMax),
  totp: z
    .string()
    .regex(/^\d{6}$/, { message: '动态口令为 6 位数字' })
    .optional(),
});
export type LoginBody = z.infer<typeof loginBody>;

export const userView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  unitId: z.string().nullable(),
});
export type UserView = z.infer<typeof userView>;

/** The signed-in user (login and /me). */
export const meView = userView.extend({
  /** The password was set by an admin: the user must change it before anything else. */
  passwordChangeRequired: z.boolean(),
  /** What this user may do beyond single tickets (shared/capabilities.ts): the web's menus follow it. */
  capabilities: z.array(z.enum(Object.keys(CAPABILITIES) as [Capability, ...Capability[]])),
});
export type MeView = z.infer<typeof meView>;

/** Self-service password change; the password rule itself is checked by the server with the username. */
export const changePasswordBody = z.object({
  currentPassword: z.string().min(1, { message: '请输入当前密码' }).max(LIMITS.passwordMax),
  newPassword: z.string().min(1, { message: '请输入新密码' }).max(LIMITS.passwordMax),
});
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;

export const loginResponse = z.object({ token: z.string(), user: meView });

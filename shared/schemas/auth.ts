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

export const loginResponse = z.object({ token: z.string(), user: userView });

/**
 * Partners' API keys: the operations a key may call, and the admin's contracts to issue, rotate and revoke them.
 * A key is scoped to one intake channel (R2.1) — the channel of what it submits — and to a list of operations.
 */
import { z } from 'zod';
import { text } from './common.js';

/** What a partner's key may call. */
export const API_KEY_OPERATIONS = ['open311.read', 'open311.write', 'cti.calls'] as const;
export type ApiKeyOperation = (typeof API_KEY_OPERATIONS)[number];

export const API_KEY_OPERATION_ZH: Record<ApiKeyOperation, string> = {
  'open311.read': 'Open311 查询（服务目录、诉求状态）',
  'open311.write': 'Open311 提交诉求',
  'cti.calls': '电话系统来电弹屏与录音',
};

export const apiKeyCreateBody = z.object({
  name: text(60, '名称'),
  channel: z.string().trim().min(1, { message: '请选择受理渠道' }).max(50),
  operations: z.array(z.enum(API_KEY_OPERATIONS)).min(1, { message: '请至少选择一项操作' }).max(10),
  /** Requests per minute this key may make. */
  ratePerMinute: z.number().int().min(1).max(10_000).default(120),
});
export type ApiKeyCreateBody = z.input<typeof apiKeyCreateBody>;

export const apiKeyView = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The first characters of the key (not secret), to tell keys apart. */
  prefix: z.string(),
  channel: z.string(),
  operations: z.array(z.enum(API_KEY_OPERATIONS)),
  ratePerMinute: z.number().int(),
  createdAt: z.string(),
  rotatedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type ApiKeyView = z.infer<typeof apiKeyView>;

/** The answer to issue and rotate: the key itself, shown this once. */
export const apiKeyIssued = z.object({ key: apiKeyView, secret: z.string() });
export type ApiKeyIssued = z.infer<typeof apiKeyIssued>;

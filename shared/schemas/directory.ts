/**
 * The directory: units and users as the administrator edits, imports and exports them.
 * One set of field schemas serves the JSON API, the spreadsheet import (row by row) and the web forms.
 */
import { z } from 'zod';
import { PEER_GROUPS, ROLES, UNIT_TYPES, type PeerGroup, type Role, type UnitType } from '../enums.js';
import { LIMITS } from '../limits.js';
import { pageQuery, text, uuid } from './common.js';
import { userView } from './auth.js';

export const DIRECTORY_LIMITS = {
  unitCodeMax: 32,
  unitNameMax: 100,
  unitNameEnMax: 200,
  leaderMax: LIMITS.nameMax,
  displayNameMax: LIMITS.nameMax,
  territoryMax: 50,
  /** Data rows in one imported file. */
  importRowsMax: 5_000,
  passwordMin: 10,
} as const;

/** Chinese labels, for the UI and for hand-made spreadsheets that write the label instead of the code. */
export const UNIT_TYPE_LABELS: Record<UnitType, string> = {
  city_government: '市政府',
  office: '市长电话室',
  supervision_office: '市政府督查室',
  district: '县（市）区政府',
  development_zone: '开发区管委会',
  street: '街道',
  township: '乡镇',
  city_department: '市直部门',
  department_subunit: '市直部门下属单位',
  district_department: '区级政府部门',
  provincial_department: '中省直部门',
  enterprise: '企事业单位',
};
/** Peer groups for ranking (R7.2). */
export const PEER_GROUP_LABELS: Record<PeerGroup, string> = {
  district_government: '县（市）区政府、开发区管委会',
  city_department: '市直部门',
  provincial_enterprise: '中省直部门及企事业单位',
  street_township: '街道（乡镇）',
};
export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  auditor: '审计员',
  office_operator: '话务员',
  office_revisitor: '回访员',
  supervisor: '督查员',
  leader: '市领导',
  unit_leader: '单位领导',
  unit_handler: '承办人',
};
/** Roles that act for a handling unit; a user with one of them must belong to a unit. */
export const UNIT_ROLES: readonly Role[] = ['unit_handler', 'unit_leader'];

// ---- password rule -------------------------------------------------------------------------------------------

const PASSWORD_CLASSES: readonly [RegExp, string][] = [
  [/[A-Z]/, '大写字母'],
  [/[a-z]/, '小写字母'],
  [/[0-9]/, '数字'],
  [/[^A-Za-z0-9]/, '符号'],
];

/**
 * The password rule: at least 10 characters, with at least 3 of the 4 classes upper case, lower case, digit,
 * symbol, and not containing the username. Returns the problem in Chinese, or null when the password is fine.
 */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < DIRECTORY_LIMITS.passwordMin)
    return `密码至少 ${DIRECTORY_LIMITS.passwordMin} 个字符`;
  if (password.length > LIMITS.passwordMax) return `密码不能超过 ${LIMITS.passwordMax} 个字符`;
  const classes = PASSWORD_CLASSES.filter(([re]) => re.test(password)).length;
  if (classes < 3) return '密码须包含大写字母、小写字母、数字、符号四类中的至少三类';
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase()))
    return '密码不能包含用户名';
  return null;
}

export const password = z.string({ message: '密码必须是文本' }).superRefine((p, c) => {
  const problem = passwordProblem(p);
  if (problem) c.addIssue({ code: 'custom', message: problem });
});

// ---- units ---------------------------------------------------------------------------------------------------

export const unitCode = z
  .string({ message: '单位编码必须是文本' })
  .trim()
  .min(1, { message: '单位编码不能为空' })
  .max(DIRECTORY_LIMITS.unitCodeMax, { message: `单位编码不能超过 ${DIRECTORY_LIMITS.unitCodeMax} 个字符` })
  .regex(/^[A-Z0-9][A-Z0-9_-]*$/, { message: '单位编码只能包含大写字母、数字、连字符和下划线' });

export const districtCode = z
  .string({ message: '属地编码必须是文本' })
  .trim()
  .min(1, { message: '属地编码不能为空' })
  .max(20, { message: '属地编码过长' });

const unitFields = {
  nameZh: text(DIRECTORY_LIMITS.unitNameMax, '中文名称'),
  nameEn: z
    .string({ message: '英文名称必须是文本' })
    .trim()
    .max(DIRECTORY_LIMITS.unitNameEnMax, {
      message: `英文名称不能超过 ${DIRECTORY_LIMITS.unitNameEnMax} 个字符`,
    }),
  type: z.enum(UNIT_TYPES, { message: `单位类型须为 ${UNIT_TYPES.join('、')} 之一` }),
  superiorId: uuid({ message: '上级单位编号格式不正确' }).nullable(),
  /** R7.2: the group the unit is ranked in; null for units ranked through their superior. */
  peerGroup: z.enum(PEER_GROUPS, { message: `同类组须为 ${PEER_GROUPS.join('、')} 之一` }).nullable(),
  /** 主要领导 (R8.2). */
  mainLeader: text(DIRECTORY_LIMITS.leaderMax, '主要领导'),
  /** 分管领导 (R8.2). */
  responsibleLeader: text(DIRECTORY_LIMITS.leaderMax, '分管领导'),
  /** 属地 — the district codes the unit answers for (R8.3). */
  territory: z
    .array(districtCode, { message: '属地必须是县（市）区编码的列表' })
    .max(DIRECTORY_LIMITS.territoryMax, { message: `属地最多 ${DIRECTORY_LIMITS.territoryMax} 项` }),
};

export const unitCreateBody = z.object({
  code: unitCode,
  ...unitFields,
  nameEn: unitFields.nameEn.default(''),
  superiorId: unitFields.superiorId.default(null),
  peerGroup: unitFields.peerGroup.default(null),
  territory: unitFields.territory.default([]),
});
export type UnitCreateBody = z.infer<typeof unitCreateBody>;

/** The code is the unit's key in imports and exports and never changes; active has its own endpoints. */
export const unitPatchBody = z
  .object(unitFields)
  .partial()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: '没有要修改的内容' });
export type UnitPatchBody = z.infer<typeof unitPatchBody>;

// ---- users ---------------------------------------------------------------------------------------------------

export const username = z
  .string({ message: '用户名必须是文本' })
  .trim()
  .min(2, { message: '用户名至少 2 个字符' })
  .max(LIMITS.usernameMax, { message: `用户名不能超过 ${LIMITS.usernameMax} 个字符` })
  .regex(/^[a-z0-9][a-z0-9._-]*$/, { message: '用户名只能包含小写字母、数字、点、下划线和连字符' });

const userFields = {
  displayName: text(DIRECTORY_LIMITS.displayNameMax, '姓名'),
  roles: z
    .array(z.enum(ROLES, { message: `角色须为 ${ROLES.join('、')} 之一` }), { message: '角色必须是列表' })
    .min(1, { message: '至少要有一个角色' })
    .max(ROLES.length)
    .refine((r) => new Set(r).size === r.length, { message: '角色不能重复' }),
  unitId: uuid({ message: '单位编号格式不正确' }).nullable(),
};

/** A user's fields as one record (the spreadsheet import checks each merged row against it). */
export const userRecord = z.object({ username, ...userFields });

export const userCreateBody = z
  .object({
    username,
    ...userFields,
    unitId: userFields.unitId.default(null),
    password,
  })
  .superRefine((b, c) => {
    const problem = passwordProblem(b.password, b.username);
    if (problem === '密码不能包含用户名')
      c.addIssue({ code: 'custom', path: ['password'], message: problem });
  });
export type UserCreateBody = z.infer<typeof userCreateBody>;

/** The username is the user's key in imports and exports and never changes. */
export const userPatchBody = z
  .object(userFields)
  .partial()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: '没有要修改的内容' });
export type UserPatchBody = z.infer<typeof userPatchBody>;

/** Without a password the server generates one and answers it once. */
export const resetPasswordBody = z.object({ password: password.optional() });
export const resetPasswordResponse = z.object({
  ok: z.literal(true),
  /** Only when the server generated the password: hand it to the user; it is not stored anywhere in clear. */
  generatedPassword: z.string().optional(),
});

export const adminUserView = userView.extend({
  active: z.boolean(),
  locked: z.boolean(),
  isDemo: z.boolean(),
  createdAt: z.string(),
});
export type AdminUserView = z.infer<typeof adminUserView>;

export const adminUserListQuery = z.object({
  unitId: uuid().optional(),
  role: z.enum(ROLES).optional(),
  active: z.enum(['true', 'false']).optional(),
  /** Part of the username or the display name. */
  q: z.string().trim().max(50).optional(),
  ...pageQuery,
});

// ---- import / export -----------------------------------------------------------------------------------------

export const DIRECTORY_FORMATS = ['csv', 'xlsx'] as const;
export type DirectoryFormat = (typeof DIRECTORY_FORMATS)[number];

export const importBody = z.object({
  format: z.enum(DIRECTORY_FORMATS, { message: '格式须为 csv 或 xlsx' }),
  /** The file: base64 for xlsx; for csv plain text by default, or base64 (UTF-8 or GB18030 bytes). */
  content: z.string({ message: '文件内容必须是文本' }).min(1, { message: '文件内容不能为空' }),
  encoding: z.enum(['text', 'base64'], { message: '编码须为 text 或 base64' }).optional(),
});
export type ImportBody = z.infer<typeof importBody>;

/** One problem of an imported file: the spreadsheet row (header = 1), the column's key, what is wrong. */
export const importProblem = z.object({
  row: z.number(),
  column: z.string().nullable(),
  message: z.string(),
});
export type ImportProblem = z.infer<typeof importProblem>;

export const importResult = z.object({
  rows: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  /** Users created without a password: they got a random one and cannot log in until an admin resets it. */
  needPasswordReset: z.array(z.string()).optional(),
});
export type ImportResult = z.infer<typeof importResult>;

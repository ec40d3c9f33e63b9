import { z } from 'zod';
import { uuid } from './common.js';
import { PEER_GROUPS, ROLES, UNIT_TYPES, URGENCIES } from '../enums.js';

export const channelView = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  sort: z.number(),
  /** The channel a registration starts with (configured; the 12345 hotline unless set otherwise). */
  isDefault: z.boolean(),
});
export const categoryView = z.object({
  code: z.string(),
  parentCode: z.string().nullable(),
  nameZh: z.string(),
  level: z.number(),
  defaultUrgency: z.enum(URGENCIES),
});
export const districtView = z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() });
export const unitView = z.object({
  id: z.string(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  type: z.enum(UNIT_TYPES),
  superiorId: z.string().nullable(),
  peerGroup: z.enum(PEER_GROUPS).nullable(),
  mainLeader: z.string(),
  responsibleLeader: z.string(),
  territory: z.array(z.string()),
  active: z.boolean(),
});
export const userListQuery = z.object({
  unitId: uuid().optional(),
  role: z.enum(ROLES).optional(),
});

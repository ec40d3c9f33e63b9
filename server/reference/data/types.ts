/**
 * Shapes of the reference data seeded by ../seed.ts. Plain data: no IO, no database ids — rows refer to each
 * other by stable codes, which the seed resolves.
 */
import type { PeerGroup, UnitType, Urgency } from '../../../shared/enums.js';

/** 受理渠道 — a channel a request comes in through (R2.1). */
export interface ChannelSeed {
  code: string;
  nameZh: string;
  nameEn: string;
  sort: number;
}

/** 县（市）区 or 开发区: GB/T 2260 code for the nine county-level divisions, our own code for the zones. */
export interface DistrictSeed {
  code: string;
  nameZh: string;
  nameEn: string;
}

/** 事项分类 — a node of the category tree with its default urgency (R3). */
export interface CategorySeed {
  code: string;
  parentCode: string | null;
  nameZh: string;
  level: 1 | 2 | 3;
  defaultUrgency: Urgency;
}

/** An organisational unit: the offices and every 承办单位, as a tree by superior unit. */
export interface UnitSeed {
  code: string;
  nameZh: string;
  nameEn: string;
  type: UnitType;
  superiorCode: string | null;
  /** Ranking group (R7.2); null for units that are not ranked on their own. */
  peerGroup: PeerGroup | null;
  /** 主要领导 (R8.2). Demo data: every name is invented. */
  mainLeader: string;
  /** 分管领导 (R8.2). Demo data: every name is invented. */
  responsibleLeader: string;
  /** 属地 — district codes the unit answers for (R8.3). */
  territory: string[];
}

/**
 * 派单目录 — one entry: (category, territory) → handling unit (R4.2). `categoryCode` '*' matches every
 * category; `districtCode` null matches every territory. See responsibility-rules.ts for how rules combine.
 */
export interface ResponsibilityRuleSeed {
  categoryCode: string;
  districtCode: string | null;
  unitCode: string;
  priority: number;
  note?: string;
}

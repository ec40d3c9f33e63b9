/**
 * The knowledge base's synonym table: words citizens and units use for the same thing. A text that
 * contains any variant of a group gets the group's key as an extra search term, at indexing and at query time
 * alike, so 「暖气不热」 finds an article about 「停暖」. Pure data; extended by adding a group.
 */
export interface SynonymGroup {
  /** The search term the group adds (never a word of its own). */
  key: string;
  variants: readonly string[];
}

export const SYNONYM_GROUPS: readonly SynonymGroup[] = [
  {
    key: 'syn:heating',
    variants: [
      '停暖',
      '停热',
      '暖气不热',
      '供暖不热',
      '不供暖',
      '没有暖气',
      '没暖气',
      '暖气凉',
      '室温不达标',
      '供热',
    ],
  },
  { key: 'syn:water-cut', variants: ['停水', '没水', '没有水', '断水', '水停了'] },
  { key: 'syn:power-cut', variants: ['停电', '没电', '断电'] },
  { key: 'syn:gas', variants: ['燃气', '煤气', '天然气'] },
  { key: 'syn:housing-fund', variants: ['公积金', '住房公积金'] },
  { key: 'syn:pension', variants: ['社保', '社会保险', '养老保险'] },
  { key: 'syn:medical-insurance', variants: ['医保', '医疗保险'] },
  { key: 'syn:property-fee', variants: ['物业费', '物业管理费'] },
  { key: 'syn:illegal-building', variants: ['违建', '违章建筑', '私搭乱建', '乱搭乱建'] },
  { key: 'syn:noise', variants: ['噪音', '噪声', '扰民'] },
  { key: 'syn:subsistence', variants: ['低保', '最低生活保障'] },
  { key: 'syn:wages', variants: ['拖欠工资', '欠薪', '讨薪', '工资不给'] },
  { key: 'syn:residence', variants: ['户口', '户籍', '落户'] },
  { key: 'syn:sewer', variants: ['下水道', '下水井', '排水管', '污水井'] },
];

/** The keys of the groups whose variants occur in the text. */
export function synonymKeys(text: string, groups: readonly SynonymGroup[] = SYNONYM_GROUPS): string[] {
  const compact = text.replace(/\s+/g, '');
  return groups.filter((g) => g.variants.some((v) => compact.includes(v))).map((g) => g.key);
}

/** Strings of merged duplicates (R2.2): the banner, separating again, the group and its revisit calls. */
import { pageDictionary } from '../i18n';

const zh = {
  'merged.banner': '本工单已并入主工单 {code}：随主工单办理（状态、时限、反馈），没有单独的操作。',
  'merged.openParent': '打开主工单 {code}',
  'merged.unmerge': '取消合并',
  'merged.unmergeTitle': '取消合并 {code}',
  'merged.unmergeHint': '取消后本工单作为独立工单办理，保留现在的状态、承办单位和时限。此操作记入审计日志。',
  'merged.reason': '取消合并的理由',
  'merged.reasonRequired': '请填写取消合并的理由',
  'merged.unmerged': '{code} 已取消合并，作为独立工单办理',
  'merged.confirm': '确认把这条诉求并入 {code}？并入后随主工单办理，不再单独转办。',
  'group.stands': '本工单代表 {n} 位诉求人',
  'group.title': '诉求人（合并的重复诉求）',
  'group.parent': '主工单',
  'group.merged': '并入',
  'group.waiting': '待回访',
  'group.calls': '逐一回访本组 {n} 位诉求人',
} as const;

const en: Record<keyof typeof zh, string> = {
  'merged.banner':
    'This ticket is merged into {code}: it follows that ticket (status, deadlines, feedback) and has no actions of its own.',
  'merged.openParent': 'Open main ticket {code}',
  'merged.unmerge': 'Separate again',
  'merged.unmergeTitle': 'Separate {code} again',
  'merged.unmergeHint':
    'The ticket is then handled on its own, keeping its current status, units and deadlines. This is recorded in the audit log.',
  'merged.reason': 'Reason for separating',
  'merged.reasonRequired': 'Please give the reason for separating',
  'merged.unmerged': '{code} separated: handled on its own now',
  'merged.confirm':
    'Merge this request into {code}? It then follows that ticket and is not dispatched on its own.',
  'group.stands': 'Stands for {n} complainants',
  'group.title': 'Complainants (merged duplicates)',
  'group.parent': 'Main ticket',
  'group.merged': 'Merged',
  'group.waiting': 'Awaiting revisit',
  'group.calls': 'Call each of the {n} complainants of this group',
};

export const useMergeT = pageDictionary(zh, en);

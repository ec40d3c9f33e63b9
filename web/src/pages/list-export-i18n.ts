/** Strings of the list export button, bundled with the list screens. */
import { pageDictionary } from '../i18n';

const zh = {
  'export.button': '导出',
  'export.tooltip': '按当前筛选条件导出 Excel（个人信息已脱敏，导出记入审计日志）',
  'export.progress': '导出中 {pct}%',
  'export.receiving': '导出中 {size}',
  'export.done': '已导出 {name}',
  'export.failed': '导出失败：{error}',
};

const en: Record<keyof typeof zh, string> = {
  'export.button': 'Export',
  'export.tooltip': 'Export the current filter as Excel (personal data masked; the export is audited)',
  'export.progress': 'Exporting {pct}%',
  'export.receiving': 'Exporting {size}',
  'export.done': 'Saved {name}',
  'export.failed': 'Export failed: {error}',
};

export const useListExportT = pageDictionary(zh, en);

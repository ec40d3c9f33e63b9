/** Selects fed by reference data: handling units (grouped by kind) and the category tree. */
import { Select, TreeSelect } from 'antd';
import { useMemo } from 'react';
import type { CategoryView, UnitView } from '../api';
import { useI18n } from '../i18n';
import { categoryTree, isHandlingUnit } from '../reference';

interface ValueProps<T> {
  value?: T;
  onChange?: (value: T) => void;
  id?: string;
}

export function UnitSelect({
  units,
  only,
  multiple,
  ...props
}: ValueProps<string | string[]> & {
  units: UnitView[];
  /** Narrows the handling units offered (e.g. to one's subordinate units). */
  only?: (u: UnitView) => boolean;
  multiple?: boolean;
}) {
  const { t, lang } = useI18n();
  const options = useMemo(() => {
    const groups = new Map<string, { label: string; value: string; code: string }[]>();
    for (const u of units.filter((u) => isHandlingUnit(u) && (!only || only(u)))) {
      const list = groups.get(u.type) ?? [];
      list.push({ label: lang === 'en' && u.nameEn ? u.nameEn : u.nameZh, value: u.id, code: u.code });
      groups.set(u.type, list);
    }
    return [...groups].map(([type, options]) => ({
      label: t(`unitType.${type as UnitView['type']}`),
      title: type,
      options,
    }));
  }, [units, only, lang, t]);
  return (
    <Select
      {...props}
      mode={multiple ? 'multiple' : undefined}
      options={options}
      showSearch={{ optionFilterProp: ['label', 'code'] }}
      placeholder={t('register.pick')}
      style={{ width: '100%' }}
    />
  );
}

export function CategorySelect({
  categories,
  allowClear,
  ...props
}: ValueProps<string> & { categories: CategoryView[]; allowClear?: boolean }) {
  const { t } = useI18n();
  const tree = useMemo(() => categoryTree(categories), [categories]);
  return (
    <TreeSelect
      {...props}
      treeData={tree}
      showSearch={{ treeNodeFilterProp: 'title' }}
      allowClear={allowClear}
      placeholder={t('register.pick')}
      style={{ width: '100%' }}
      styles={{ popup: { root: { maxHeight: 420, overflow: 'auto' } } }}
    />
  );
}

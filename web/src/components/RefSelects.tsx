/** Selects fed by reference data: handling units (grouped by kind) and the category tree. */
import { Select, TreeSelect } from 'antd';
import { useMemo } from 'react';
import type { CategoryView, DistrictView, UnitView } from '../api';
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
  districts,
  allowClear,
  ...props
}: ValueProps<string | string[]> & {
  allowClear?: boolean;
  units: UnitView[];
  /** Narrows the handling units offered (e.g. to one's subordinate units). */
  only?: (u: UnitView) => boolean;
  multiple?: boolean;
  /** District names, to show each unit's district and to find units by it. */
  districts?: DistrictView[];
}) {
  const { t, lang } = useI18n();
  const options = useMemo(() => {
    const byId = new Map(units.map((u) => [u.id, u]));
    const districtName = (code: string) => {
      const d = districts?.find((x) => x.code === code);
      return d ? (lang === 'en' && d.nameEn ? d.nameEn : d.nameZh) : code;
    };
    const groups = new Map<
      string,
      { label: React.ReactNode; value: string; code: string; search: string; title: string }[]
    >();
    for (const u of units.filter((u) => isHandlingUnit(u) && (!only || only(u)))) {
      const list = groups.get(u.type) ?? [];
      const name = lang === 'en' && u.nameEn ? u.nameEn : u.nameZh;
      // A unit answering for one territory shows it; city-wide units (every district) show none.
      const where =
        districts && u.territory.length === 1 && u.territory[0] ? districtName(u.territory[0]) : '';
      const superior = u.superiorId ? byId.get(u.superiorId) : undefined;
      list.push({
        label: (
          <span>
            {name}
            {where && (
              <span style={{ color: '#8c8c8c', marginLeft: 8 }} data-testid="unit-district">
                {where}
              </span>
            )}
          </span>
        ),
        title: where ? `${name}（${where}）` : name,
        value: u.id,
        code: u.code,
        // Any part of the full name finds it: its own names, its superior's, its code and its district.
        search: [u.nameZh, u.nameEn, superior?.nameZh ?? '', u.code, where].join(' '),
      });
      groups.set(u.type, list);
    }
    return [...groups].map(([type, options]) => ({
      label: t(`unitType.${type as UnitView['type']}`),
      title: type,
      options,
    }));
  }, [units, only, lang, t, districts]);
  return (
    <Select
      {...props}
      mode={multiple ? 'multiple' : undefined}
      allowClear={allowClear}
      options={options}
      showSearch={{ optionFilterProp: 'search' }}
      optionLabelProp="title"
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

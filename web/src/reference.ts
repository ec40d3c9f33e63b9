/** Reference data (channels, categories, districts, units) as hooks with name look-ups. */
import { useQueries } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { UnitType } from '../../shared/enums.js';
import type { CategoryView, ChannelView, DistrictView, UnitView } from './api';
import { useI18n, type Lang } from './i18n';
import { queries, queryClient } from './query';

export interface Reference {
  channels: ChannelView[];
  categories: CategoryView[];
  districts: DistrictView[];
  units: UnitView[];
}

export interface Names {
  channel(code: string | null | undefined): string;
  category(code: string | null | undefined): string;
  district(code: string | null | undefined): string;
  unit(id: string | null | undefined): string;
}

/**
 * The reference lists a screen names things with (each fetched once per session, shared by every screen):
 * {data, error, loading, reload, names}.
 */
export function useReference() {
  const results = useQueries({
    queries: [queries.channels(), queries.categories(), queries.districts(), queries.units()],
  });
  const [channels, categories, districts, units] = results.map((r) => r.data);
  const data = useMemo<Reference | undefined>(
    () =>
      channels && categories && districts && units
        ? {
            channels: channels as ChannelView[],
            categories: categories as CategoryView[],
            districts: districts as DistrictView[],
            units: units as UnitView[],
          }
        : undefined,
    [channels, categories, districts, units],
  );
  const error = results.find((r) => r.error)?.error ?? undefined;
  const loading = results.some((r) => r.isFetching);
  const reload = useCallback(() => {
    void queryClient.refetchQueries({ queryKey: ['reference'] });
  }, []);
  const { lang } = useI18n();
  const names = useMemo(() => makeNames(data, lang), [data, lang]);
  return { data, error, loading, reload, names };
}

function makeNames(ref: Reference | undefined, lang: Lang): Names {
  const index = <T>(items: T[] | undefined, key: (x: T) => string) =>
    new Map((items ?? []).map((x) => [key(x), x]));
  const channels = index(ref?.channels, (c) => c.code);
  const categories = index(ref?.categories, (c) => c.code);
  const districts = index(ref?.districts, (d) => d.code);
  const units = index(ref?.units, (u) => u.id);
  const pick = (zh: string, en: string) => (lang === 'en' && en ? en : zh);
  return {
    channel: (code) => {
      const c = code ? channels.get(code) : undefined;
      return c ? pick(c.nameZh, c.nameEn) : (code ?? '—');
    },
    category: (code) => {
      if (!code) return '—';
      const path: string[] = [];
      for (
        let c = categories.get(code);
        c && path.length < 6;
        c = c.parentCode ? categories.get(c.parentCode) : undefined
      ) {
        path.unshift(c.nameZh);
      }
      return path.length ? path.join(' / ') : code;
    },
    district: (code) => {
      const d = code ? districts.get(code) : undefined;
      return d ? pick(d.nameZh, d.nameEn) : (code ?? '—');
    },
    unit: (id) => {
      const u = id ? units.get(id) : undefined;
      return u ? pick(u.nameZh, u.nameEn) : (id ?? '—');
    },
  };
}

/** Units that can receive a dispatch: not the city government, the office or the supervision office. */
const NOT_HANDLING: readonly UnitType[] = ['city_government', 'office', 'supervision_office'];
export const isHandlingUnit = (u: UnitView): boolean => u.active && !NOT_HANDLING.includes(u.type);

export interface CategoryNode {
  value: string;
  title: string;
  children?: CategoryNode[];
}

/** The flat category list (with parentCode) as a tree for TreeSelect. */
export function categoryTree(categories: CategoryView[]): CategoryNode[] {
  const nodes = new Map<string, CategoryNode>();
  for (const c of categories) nodes.set(c.code, { value: c.code, title: c.nameZh });
  const roots: CategoryNode[] = [];
  for (const c of categories) {
    const node = nodes.get(c.code) as CategoryNode;
    const parent = c.parentCode ? nodes.get(c.parentCode) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

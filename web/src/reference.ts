/** Reference data (channels, categories, districts, units) as hooks with name look-ups. */
import { useMemo } from 'react';
import type { UnitType } from '../../shared/enums.js';
import { reference, type CategoryView, type ChannelView, type DistrictView, type UnitView } from './api';
import { useI18n, type Lang } from './i18n';
import { useAsync } from './use-async';

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

/** Loads whichever reference lists a screen needs (each fetched once per session). */
export function useReference() {
  const state = useAsync(async (): Promise<Reference> => {
    const [channels, categories, districts, units] = await Promise.all([
      reference.channels(),
      reference.categories(),
      reference.districts(),
      reference.units(),
    ]);
    return { channels, categories, districts, units };
  }, []);
  const { lang } = useI18n();
  const names = useMemo(() => makeNames(state.data, lang), [state.data, lang]);
  return { ...state, names };
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

/**
 * Time in the UI is Asia/Shanghai wall time (REQUIREMENTS "Time zone"), whatever the browser's zone.
 */
import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import 'dayjs/locale/zh-cn';
import { useSyncExternalStore } from 'react';
import type { Lang } from './i18n';

dayjs.extend(utc);
dayjs.extend(timezone);

export const ZONE = 'Asia/Shanghai';

export function setDayjsLang(lang: Lang): void {
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
}

/** "2026-10-14 09:30" in Shanghai time; '—' for nothing. */
export function formatTime(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  if (!d.isValid()) return iso;
  return d.tz(ZONE).format(withSeconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm');
}

/** A picker value read as Shanghai wall time, as ISO 8601 with +08:00 (what the API's isoInstant wants). */
export function pickerToIso(value: Dayjs): string {
  return dayjs.tz(value.format('YYYY-MM-DDTHH:mm:ss'), ZONE).format();
}

/** The current instant as ISO with +08:00. */
export const nowIso = (): string => dayjs().tz(ZONE).format();

/** 1天 3时 5分 / 1d 3h 5m; seconds shown only under an hour. */
export function formatDuration(totalSeconds: number, lang: Lang): string {
  const s = Math.max(0, Math.floor(Math.abs(totalSeconds)));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const u = lang === 'zh' ? { d: '天', h: '小时', m: '分', s: '秒' } : { d: 'd ', h: 'h ', m: 'm ', s: 's' };
  if (d > 0) return `${d}${u.d}${h}${u.h}`.trim();
  if (h > 0) return `${h}${u.h}${m}${u.m}`.trim();
  return `${m}${u.m}${String(sec).padStart(2, '0')}${u.s}`.trim();
}

/* One shared one-second tick for every countdown on the page. */
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** Date.now(), re-rendering every second while mounted. */
export const useNow = (): number => useSyncExternalStore(subscribe, () => now);

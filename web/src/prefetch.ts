/**
 * Requests started before the screen that needs them has rendered: right after login the first page's data
 * is fetched while the shell's code runs and draws, instead of after. A screen takes its prefetched answer
 * once (`takePrefetched`); anything not taken within a few seconds is dropped.
 */
import { api, reference, type MeView, type TicketList, type TicketListQuery } from './api';
import { homePath } from './nav';
import { presetQuery, PRESET_PATHS } from './pages/list-presets';

const pending = new Map<string, Promise<unknown>>();
const KEEP_MS = 15_000;

function prefetch<T>(key: string, load: () => Promise<T>): void {
  if (pending.has(key)) return;
  const p = load();
  pending.set(key, p);
  p.catch(() => pending.delete(key));
  setTimeout(() => pending.delete(key), KEEP_MS);
}

export function takePrefetched<T>(key: string): Promise<T> | undefined {
  const p = pending.get(key) as Promise<T> | undefined;
  pending.delete(key);
  return p;
}

export type LoadedList = TicketList & { loadedAt: number };

/** A list page with the time its answer arrived (countdowns count from it). */
export const loadList = (query: TicketListQuery): Promise<LoadedList> =>
  api.listTickets(query).then((r) => ({ ...r, loadedAt: Date.now() }));

/** After login: the landing queue's first page, then the reference lists every screen names things with. */
export function warmUp(user: MeView): void {
  const preset = PRESET_PATHS[homePath(user)];
  if (preset) {
    const query = presetQuery(preset);
    prefetch(`list:${JSON.stringify(query)}`, () => loadList(query));
  }
  for (const load of [reference.units, reference.categories, reference.channels, reference.districts]) {
    load().catch(() => {});
  }
}

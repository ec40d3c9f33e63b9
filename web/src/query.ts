/**
 * The web's one data layer: TanStack Query loads, caches and shares every server answer a screen shows, keyed
 * so that a change can mark what it touched as stale (`invalidateQueries`) instead of each page reloading by
 * hand. Reference lists (channels, categories, districts, units) are fetched once per session; everything else
 * is refetched when a screen opens it again, showing the cached answer meanwhile.
 *
 * Kept out of the first chunk (it is imported by the shell and the public page, which load on demand), so the
 * login page does not pay for it; App.tsx reaches it through a dynamic import.
 */
import { keepPreviousData, QueryClient, queryOptions } from '@tanstack/react-query';
import { api, type MeView, type TicketList, type TicketListQuery } from './api';
import { homePath } from './nav';
import { presetQuery, PRESET_PATHS } from './pages/list-presets';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A failure shows at once with a retry button (StateViews), as before; a switch of tabs loads nothing.
      retry: false,
      refetchOnWindowFocus: false,
      // While a new page or filter loads, the table keeps the rows it has.
      placeholderData: keepPreviousData,
    },
  },
});

export type LoadedList = TicketList & { loadedAt: number };

/** A list page with the time its answer arrived (countdowns count from it). */
const loadList = (query: TicketListQuery): Promise<LoadedList> =>
  api.listTickets(query).then((r) => ({ ...r, loadedAt: Date.now() }));

/**
 * The query keys. Everything about tickets starts with 'tickets' (a ticket action invalidates it all: the page,
 * its events, every list); reference lists with 'reference' (an admin change to units or categories
 * invalidates them).
 */
export const queries = {
  channels: () =>
    queryOptions({ queryKey: ['reference', 'channels'], queryFn: api.channels, staleTime: Infinity }),
  categories: () =>
    queryOptions({ queryKey: ['reference', 'categories'], queryFn: api.categories, staleTime: Infinity }),
  districts: () =>
    queryOptions({ queryKey: ['reference', 'districts'], queryFn: api.districts, staleTime: Infinity }),
  units: () => queryOptions({ queryKey: ['reference', 'units'], queryFn: api.units, staleTime: Infinity }),
  ticketList: (query: TicketListQuery) =>
    queryOptions({ queryKey: ['tickets', 'list', query], queryFn: () => loadList(query) }),
  ticket: (id: string) =>
    queryOptions({
      queryKey: ['tickets', 'one', id],
      queryFn: async () => ({ ticket: await api.ticket(id), loadedAt: Date.now() }),
      // A different ticket's page never shows the previous ticket while it loads.
      placeholderData: undefined,
    }),
  events: (id: string) =>
    queryOptions({
      queryKey: ['tickets', 'one', id, 'events'],
      queryFn: () => api.events(id),
      placeholderData: undefined,
    }),
  group: (id: string) =>
    queryOptions({
      queryKey: ['tickets', 'one', id, 'group'],
      queryFn: () => api.group(id),
      placeholderData: undefined,
    }),
  /** The bell's unread notifications; the server's stream (notification-stream.ts) says when they change. */
  unreadNotifications: () =>
    queryOptions({ queryKey: ['notifications', 'unread'], queryFn: () => api.notifications(true) }),
  attachments: (id: string) =>
    queryOptions({
      queryKey: ['tickets', 'one', id, 'attachments'],
      queryFn: () => api.attachments(id),
      placeholderData: undefined,
    }),
};

/** After a ticket changed: its page, its events and every list are stale. */
export const ticketsChanged = () => queryClient.invalidateQueries({ queryKey: ['tickets'] });

/** After login: the landing queue's first page, then the reference lists every screen names things with. */
export function warmUp(user: MeView): void {
  const preset = PRESET_PATHS[homePath(user)];
  if (preset) void queryClient.prefetchQuery(queries.ticketList(presetQuery(preset)));
  void queryClient.prefetchQuery(queries.units());
  void queryClient.prefetchQuery(queries.categories());
  void queryClient.prefetchQuery(queries.channels());
  void queryClient.prefetchQuery(queries.districts());
}

/** On logout or an expired session: nothing of the previous user's answers survives. */
export const clearCache = () => queryClient.clear();

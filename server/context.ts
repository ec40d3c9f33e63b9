import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import type { PersonalDataCipher } from './security/crypto.js';
import type { CalendarService } from './calendar/calendar.service.js';
import type { PolicyService } from './policy/policy.service.js';
import type { ReferenceCache } from './reference/reference.cache.js';
import type { TimerService } from './timers/timer.service.js';
import type { SuggestionService } from './classify/suggestion.service.js';
import type { NotificationHub } from './notifications/notification.hub.js';

/** What every use case receives: IO behind small services, time from the clock. */
export interface AppContext {
  db: Db;
  dbKind: 'pglite' | 'postgres';
  clock: Clock;
  config: Config;
  cipher: PersonalDataCipher;
  calendar: CalendarService;
  policy: PolicyService;
  reference: ReferenceCache;
  timers: TimerService;
  suggestions: SuggestionService;
  /** Tells open pages of new notifications (the bell's stream). */
  hub: NotificationHub;
}

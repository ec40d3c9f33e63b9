/**
 * Names an administrator adds to the gazetteer (R4.2): communities, 小区, roads and landmarks, each with its
 * district and, where known, its street. Starts empty of invented addresses: only names that are in the
 * directory's own unit names are derived automatically (see gazetteer.ts).
 */
import type { GazetteerEntry } from '../../domain/dispatch/place.js';

export const EXTRA_PLACE_NAMES: readonly GazetteerEntry[] = [];

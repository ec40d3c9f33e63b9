/**
 * Below tablet width (768 px) the workbench is laid out for a phone: the menu is a drawer, lists are cards,
 * touch targets are at least 44 px. One media query, read synchronously so the first render is already right.
 */
import { useSyncExternalStore } from 'react';

export const NARROW_QUERY = '(max-width: 767.98px)';

const media = (): MediaQueryList | null =>
  typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia(NARROW_QUERY)
    : null;

function subscribe(onChange: () => void): () => void {
  const m = media();
  m?.addEventListener('change', onChange);
  return () => m?.removeEventListener('change', onChange);
}

/** True on a phone-sized screen. */
export function useNarrow(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => media()?.matches ?? false,
    () => false,
  );
}

/** The smallest touch target on a phone (WCAG 2.5.5, Apple and Android guidelines). */
export const TOUCH_PX = 44;

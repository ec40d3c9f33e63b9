/** The logged-in user, shared through context. */
import { createContext, useContext } from 'react';
import type { Role } from '../../shared/enums.js';
import type { UserView } from './api';

export interface Session {
  user: UserView;
  logout(): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a logged-in shell');
  return s;
}

export const hasAnyRole = (user: UserView, roles: readonly Role[]): boolean =>
  user.roles.some((r) => roles.includes(r));

/** The logged-in user, shared through context. */
import { createContext, useContext } from 'react';
import type { MeView } from './api';

export interface Session {
  user: MeView;
  logout(): void;
  /** The user changed the password an admin had set: the shell opens again. */
  passwordChanged(): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a logged-in shell');
  return s;
}

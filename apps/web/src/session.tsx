import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken } from './api';

/** The signed-in person, as the session endpoint gives them. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  isPlatformAdmin: boolean;
}

interface SessionAnswer {
  user: SessionUser;
  csrfToken: string;
}

interface SessionState {
  /** undefined while the session is being read; null when nobody is signed in. */
  user: SessionUser | null | undefined;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

/** Reads the session once (the cookie is HTTP-only: only the API can say who is signed in). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);

  useEffect(() => {
    api<SessionAnswer>('/v1/auth/session')
      .then((s) => {
        setCsrfToken(s.csrfToken);
        setUser(s.user);
      })
      .catch((error: unknown) => {
        if (!(error instanceof ApiError)) console.error(error);
        setUser(null);
      });
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const s = await api<SessionAnswer>('/v1/auth/sign-in', {
      method: 'POST',
      body: { email, password },
    });
    setCsrfToken(s.csrfToken);
    setUser(s.user);
  }, []);

  const signOut = useCallback(async () => {
    await api<void>('/v1/auth/sign-out', { method: 'POST' }).catch(() => undefined);
    setCsrfToken(null);
    setUser(null);
  }, []);

  return (
    <SessionContext.Provider value={{ user, signIn, signOut }}>{children}</SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

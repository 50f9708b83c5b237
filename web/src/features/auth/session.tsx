import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { onSessionExpired, setCsrfToken } from '../../api';
import type { Grant, User } from '../org/types';
import { fetchSession, logIn as requestLogIn, logOut as requestLogOut, type Session } from './api';

/**
 * Why there is no session: there never was one in this tab, the server ended
 * it, or the user logged out (then the next login starts at home rather than
 * where they were).
 */
type AnonymousReason = 'none' | 'expired' | 'loggedOut';

export type SessionState =
  | { status: 'checking' }
  | { status: 'anonymous'; reason: AnonymousReason }
  | { status: 'signedIn'; user: User; grant: Grant }
  /** Signed in, but no role has been granted yet: nothing to show but a way out. */
  | { status: 'withoutGrant'; user: User };

interface SessionValue {
  state: SessionState;
  logIn(username: string, password: string): Promise<void>;
  logOut(): Promise<void>;
  /** Acts in another of the user's grants (role × jurisdiction); remembered per user. */
  switchGrant(grant: Grant): void;
}

const SessionContext = createContext<SessionValue | null>(null);

const grantKey = (grant: Grant) => `${grant.role}@${grant.jurisdiction.code}`;
const grantStorageKey = (user: User) => `gongzhi.grant.${user.id}`;

/** The remembered grant if the user still holds it, otherwise the first one. */
function activeGrant(user: User): Grant | undefined {
  const remembered = localStorage.getItem(grantStorageKey(user));
  return user.grants.find((grant) => grantKey(grant) === remembered) ?? user.grants[0];
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [grant, setGrant] = useState<Grant | undefined>();
  const [anonymousReason, setAnonymousReason] = useState<AnonymousReason | null>(null);

  const begin = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    setUser(session.user);
    setGrant(activeGrant(session.user));
    setAnonymousReason(null);
  }, []);

  const end = useCallback((reason: AnonymousReason) => {
    setCsrfToken(null);
    setUser(null);
    setGrant(undefined);
    setAnonymousReason(reason);
  }, []);

  useEffect(() => {
    fetchSession().then(begin, () => end('none'));
    onSessionExpired(() => end('expired'));
    return () => onSessionExpired(null);
  }, [begin, end]);

  const value = useMemo<SessionValue>(() => {
    let state: SessionState;
    if (user && grant) state = { status: 'signedIn', user, grant };
    else if (user) state = { status: 'withoutGrant', user };
    else if (anonymousReason) state = { status: 'anonymous', reason: anonymousReason };
    else state = { status: 'checking' };
    return {
      state,
      logIn: (username, password) => requestLogIn(username, password).then(begin),
      async logOut() {
        // The session ends in this tab either way; a server that could not be
        // told lets its session cookie expire on its own.
        await requestLogOut().catch(() => undefined);
        end('loggedOut');
      },
      switchGrant(next) {
        if (user) localStorage.setItem(grantStorageKey(user), grantKey(next));
        setGrant(next);
      },
    };
  }, [user, grant, anonymousReason, begin, end]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** For pages behind the session guard: the signed-in user and the grant they act in. */
export function useSignedIn() {
  const { state, logOut, switchGrant } = useSession();
  if (state.status !== 'signedIn') throw new Error('useSignedIn must be used behind the session guard');
  return { user: state.user, grant: state.grant, logOut, switchGrant };
}

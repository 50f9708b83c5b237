import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { useRequest } from '../../hooks/useRequest';
import { useSignedIn } from '../auth/session';
import { listJurisdictions } from './api';
import { buildJurisdictionTree, type JurisdictionNode } from './jurisdictionTree';
import type { Jurisdiction } from './types';

interface JurisdictionValue {
  /** Everything in the user's scope, flat and as a tree. */
  items: Jurisdiction[];
  tree: JurisdictionNode[];
  byCode: ReadonlyMap<string, Jurisdiction>;
  /** The jurisdiction the user is working in, chosen in the header. */
  selected: Jurisdiction | null;
  select(code: string): void;
  loading: boolean;
  error?: unknown;
}

const JurisdictionContext = createContext<JurisdictionValue | null>(null);

export function JurisdictionProvider({ children }: { children: ReactNode }) {
  const { user, grant } = useSignedIn();
  const storageKey = `gongzhi.jurisdiction.${user.id}`;
  const [chosen, setChosen] = useState(() => localStorage.getItem(storageKey));
  const { data: items, error, loading } = useRequest((signal) => listJurisdictions(signal), [user.id]);

  const value = useMemo<JurisdictionValue>(() => {
    const list = items ?? [];
    const byCode = new Map(list.map((item) => [item.code, item]));
    return {
      items: list,
      tree: buildJurisdictionTree(list),
      byCode,
      // A remembered choice that left the scope falls back to the grant's own jurisdiction.
      selected: byCode.get(chosen ?? '') ?? byCode.get(grant.jurisdiction.code) ?? null,
      select(code) {
        localStorage.setItem(storageKey, code);
        setChosen(code);
      },
      loading,
      error,
    };
  }, [items, chosen, grant.jurisdiction.code, storageKey, loading, error]);

  return <JurisdictionContext.Provider value={value}>{children}</JurisdictionContext.Provider>;
}

export function useJurisdictions(): JurisdictionValue {
  const value = useContext(JurisdictionContext);
  if (!value) throw new Error('useJurisdictions must be used inside <JurisdictionProvider>');
  return value;
}

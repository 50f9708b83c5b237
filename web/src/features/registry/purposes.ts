import { useSyncExternalStore } from 'react';
import type { Role } from '../org/types';

/** Why personal data is read; the server refuses a read without one and audits it with it. */
export type Purpose = 'case_handling' | 'service_delivery' | 'statistics' | 'emergency' | 'data_quality' | 'administration' | 'self_service';

/**
 * The purposes each role may declare when it opens the registry, most usual
 * first (the server's ROLE_PURPOSES, src/kernel/access/roles.ts, decides; this
 * only offers the choice). Roles absent here do not read the registry.
 */
export const REGISTRY_PURPOSES: Partial<Record<Role, readonly Purpose[]>> = {
  grid_worker: ['service_delivery', 'case_handling', 'emergency', 'data_quality'],
  community_staff: ['service_delivery', 'case_handling', 'emergency', 'statistics', 'data_quality', 'administration'],
  street_staff: ['case_handling', 'service_delivery', 'emergency', 'statistics', 'administration'],
  // A department reads under its data-sharing grants, each for one purpose.
  department_staff: ['case_handling', 'service_delivery', 'statistics'],
  leader: ['statistics', 'emergency'],
  data_steward: ['data_quality', 'statistics'],
};

export const REGISTRY_ROLES = Object.keys(REGISTRY_PURPOSES) as Role[];

const STORAGE_KEY = 'gongzhi.registry.purpose';
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function choose(purpose: Purpose) {
  sessionStorage.setItem(STORAGE_KEY, purpose);
  for (const listener of listeners) listener();
}

/**
 * The purpose the user declared for registry reads in this tab: one for the
 * search and the record pages it opens, so every component reading under it
 * follows a change; the role's usual one when the role cannot declare it.
 */
export function useRegistryPurpose(role: Role): [Purpose, (purpose: Purpose) => void] {
  const allowed = REGISTRY_PURPOSES[role] ?? [];
  const stored = useSyncExternalStore(subscribe, () => sessionStorage.getItem(STORAGE_KEY) as Purpose | null);
  const purpose = stored && allowed.includes(stored) ? stored : (allowed[0] ?? 'data_quality');
  return [purpose, choose];
}

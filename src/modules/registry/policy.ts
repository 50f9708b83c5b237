// Which personal fields a role sees in clear, for the purpose it declared.
// Everything else is masked (standards.md: ID first 6 + last 4, phone 3 + 4, name surname only),
// and sensitive information (PIPL Art. 28) is left out altogether where it is not needed.
import type { Purpose, Role } from '../../kernel/access/roles.js';
import type { SensitiveCategory } from './schema.js';

const CLEAR_CONTACT: Partial<Record<Role, readonly Purpose[]>> = {
  grid_worker: ['case_handling', 'service_delivery', 'emergency'],
  community_staff: ['case_handling', 'service_delivery', 'emergency'],
  street_staff: ['emergency'],
  // Correcting data means seeing what the departments sent.
  data_steward: ['data_quality'],
};

/** Whether the identity number and phone may be shown unmasked on a single record's page. */
export function seesContactInClear(role: Role, purpose: Purpose | null): boolean {
  return purpose !== null && (CLEAR_CONTACT[role]?.includes(purpose) ?? false);
}

/** Work on aggregates needs no names: lists for statistics show surnames only. */
export function seesNamesInLists(purpose: Purpose | null): boolean {
  return purpose !== 'statistics';
}

/**
 * Who may see each kind of sensitive information, for which purposes: those who
 * deliver the service it concerns, everyone who must reach vulnerable residents
 * in an emergency, and the data steward who corrects it.
 */
const SENSITIVE_IN_CLEAR: Record<SensitiveCategory, Partial<Record<Role, readonly Purpose[]>>> = {
  health: {
    grid_worker: ['service_delivery', 'emergency'],
    community_staff: ['service_delivery', 'emergency'],
    street_staff: ['emergency'],
    leader: ['emergency'],
    data_steward: ['data_quality'],
  },
  disability: {
    grid_worker: ['service_delivery', 'emergency'],
    community_staff: ['case_handling', 'service_delivery', 'emergency'],
    street_staff: ['service_delivery', 'emergency'],
    leader: ['emergency'],
    data_steward: ['data_quality'],
  },
  low_income: {
    grid_worker: ['service_delivery'],
    community_staff: ['service_delivery', 'emergency'],
    street_staff: ['service_delivery'],
    data_steward: ['data_quality'],
  },
  criminal_justice: {
    community_staff: ['case_handling'],
    data_steward: ['data_quality'],
  },
};

export function seesSensitive(role: Role, purpose: Purpose | null, category: SensitiveCategory): boolean {
  return purpose !== null && (SENSITIVE_IN_CLEAR[category][role]?.includes(purpose) ?? false);
}

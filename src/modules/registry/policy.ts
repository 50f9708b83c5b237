// Which personal fields a role sees in clear, for the purpose it declared.
// Everything else is masked (standards.md: ID first 6 + last 4, phone 3 + 4, name surname only).
import type { Purpose, Role } from '../../kernel/access/roles.js';

const CLEAR_CONTACT: Partial<Record<Role, readonly Purpose[]>> = {
  grid_worker: ['case_handling', 'service_delivery', 'emergency'],
  community_staff: ['case_handling', 'service_delivery', 'emergency'],
  street_staff: ['emergency'],
};

/** Whether the identity number and phone may be shown unmasked on a single person's page. */
export function seesContactInClear(role: Role, purpose: Purpose | null): boolean {
  return purpose !== null && (CLEAR_CONTACT[role]?.includes(purpose) ?? false);
}

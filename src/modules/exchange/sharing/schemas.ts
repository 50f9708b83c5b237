// Request and response shapes of the data-sharing routes (grants, export), and
// the note a department's person records carry (used by the registry routes).
import { z } from 'zod';
import { PURPOSES } from '../../../kernel/access/roles.js';

/** On a person record read under a grant: the grants it rests on, and the fields shown masked or left out. */
export const shareNote = z.object({
  grants: z.array(z.object({ id: z.string(), legalBasis: z.string() })),
  masked: z.array(z.string()),
  withheld: z.array(z.string()),
});

export const grantStatus = z.enum(['active', 'expired', 'not_yet_valid', 'revoked']);

export const grantView = z.object({
  id: z.string(),
  department: z.object({ code: z.string(), name: z.string() }),
  fields: z.array(z.string()),
  purpose: z.enum(PURPOSES),
  legalBasis: z.string(),
  jurisdiction: z.object({ code: z.string(), name: z.string() }),
  validFrom: z.string(),
  validUntil: z.string(),
  status: grantStatus,
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
});

export const createGrantBody = z.object({
  departmentCode: z.string().trim().min(1),
  fields: z.array(z.string().trim().min(1)).min(1),
  purpose: z.enum(PURPOSES),
  legalBasis: z.string().trim().min(1).max(500),
  jurisdictionCode: z.string().trim().min(1),
  validFrom: z.iso.datetime({ offset: true }),
  validUntil: z.iso.datetime({ offset: true }),
});

export const grantListQuery = z.object({
  department: z.string().trim().min(1).optional(),
  includeRevoked: z.stringbool().default(false),
});

export const grantParams = z.object({ grantId: z.uuid() });

export const revokeGrantBody = z.object({ reason: z.string().trim().min(1).max(500) });

/** A field a grant may name, for the grants form: catalogue fields of people and each sensitive tag. */
export const grantableFieldView = z.object({
  key: z.string(),
  name: z.string(),
  nameEn: z.string(),
  sensitivity: z.enum(['public', 'personal', 'sensitive']),
  /** Shown masked when not granted (name, ID number, phone); otherwise left out. */
  maskable: z.boolean(),
});

export const exportQuery = z.object({
  /** The department's mapping profile: its columns, value codes and date formats. */
  profile: z.string().trim().min(1),
  format: z.enum(['csv', 'xlsx']).default('csv'),
  /** A jurisdiction code: export only its subtree (within the grants). */
  jurisdiction: z.string().trim().min(1).optional(),
});

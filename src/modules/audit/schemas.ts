// Shapes of the resident's "who used my data" route.
import { z } from 'zod';

export const ownDataAccessQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.coerce.number().int().positive().optional(),
});

export const ownDataAccessView = z.object({
  id: z.string(),
  at: z.string(),
  /** What was done: person.search, person.get, sharing.export … */
  action: z.string(),
  purpose: z.string().nullable(),
  actor: z.string().nullable(),
  role: z.string().nullable(),
  /** The department that read under a data-sharing grant. */
  department: z.object({ code: z.string(), name: z.string() }).nullable(),
  /** Otherwise the office (community, street, district) the reader works in. */
  office: z.string().nullable(),
  legalBasis: z.array(z.string()),
});

export const ownDataAccessPage = z.object({ items: z.array(ownDataAccessView), nextCursor: z.string().nullable() });

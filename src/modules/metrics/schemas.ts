// Request and response shapes of the one-table reporting API.
import { z } from 'zod';
import { metricCode, metricDefinition } from './definition.js';

const day = z.iso.date();
export const frequency = z.enum(['monthly', 'quarterly', 'half_yearly', 'yearly', 'ad_hoc']);
const department = z.object({ id: z.string(), code: z.string(), name: z.string() });
const overlap = z.object({ kind: z.enum(['duplicate', 'conflict']), metrics: z.array(z.string()) });

export const metricParams = z.object({ metricCode });
export const templateParams = z.object({ templateId: z.string().min(1).max(63) });
export const reportParams = z.object({ reportId: z.uuid() });
export const taskParams = z.object({ taskId: z.uuid() });

export const versionBody = z.object({
  name: z.string().trim().min(1).max(100),
  description: z.string().max(2000).optional(),
  validFrom: day,
  definition: metricDefinition,
});
export const metricBody = versionBody.extend({ code: metricCode, departmentCode: z.string().min(1).max(50).nullable().optional() });

export const definedVersion = z.object({
  code: z.string(),
  version: z.number(),
  versionId: z.string(),
  validFrom: z.string(),
  fingerprint: z.string(),
  overlaps: z.array(overlap),
});

const versionView = z.object({
  id: z.string(),
  version: z.number(),
  validFrom: z.string(),
  name: z.string(),
  description: z.string(),
  definition: z.unknown(),
  statement: z.string(),
  fingerprint: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export const metricView = z.object({
  code: z.string(),
  department: department.nullable(),
  current: versionView,
  versions: z.array(versionView),
  overlaps: z.array(overlap),
});
export const metricList = z.object({ items: z.array(metricView), overlaps: z.array(overlap) });

export const templateBody = z.object({
  code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,62}$/),
  name: z.string().trim().min(1).max(200),
  departmentCode: z.string().min(1).max(50),
  frequency,
  layout: z.unknown(),
});
export const templateChange = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  frequency: frequency.optional(),
  layout: z.unknown().optional(),
});

export const templateView = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  department: department.nullable(),
  frequency,
  status: z.enum(['active', 'retired', 'merged']),
  mergedInto: z.object({ id: z.string(), code: z.string(), name: z.string() }).nullable(),
  revision: z.number(),
  layout: z.unknown(),
  fields: z.number(),
  autoFields: z.number(),
  manualFields: z.number(),
  metrics: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  retiredAt: z.string().nullable(),
});

export const importQuery = z.object({
  code: templateBody.shape.code,
  name: z.string().trim().min(1).max(200).optional(),
  departmentCode: z.string().min(1).max(50),
  frequency: frequency.default('monthly'),
  /** First and last header row, e.g. 3-4, when they cannot be found from the sheet. */
  headerRows: z
    .string()
    .regex(/^\d{1,3}-\d{1,3}$/)
    .transform((s) => s.split('-').map(Number) as [number, number])
    .optional(),
  level: z.enum(['street', 'community', 'grid']).optional(),
  /** JSON object: column key → metric code. */
  bindings: z
    .string()
    .max(20_000)
    .transform((s, ctx) => {
      try {
        return z.record(z.string(), z.string()).parse(JSON.parse(s));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'a JSON object of column key → metric code' });
        return z.NEVER;
      }
    })
    .optional(),
  dryRun: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

export const importResult = z.object({
  detected: z.object({ title: z.string(), headerRows: z.tuple([z.number(), z.number()]), rowLabels: z.array(z.string()), hasTotalRow: z.boolean() }),
  layout: z.unknown(),
  suggestions: z.array(z.object({ column: z.string(), label: z.string(), metric: z.string(), metricName: z.string(), score: z.number() })),
  template: templateView.nullable(),
});

export const generateBody = z.object({
  template: z.string().min(1).max(63),
  jurisdictionCode: z.string().min(1).max(20),
  referenceDate: day,
  periodStart: day.optional(),
});

const figureValue = z.union([z.number(), z.string(), z.null()]);
const figureRow = z.object({ key: z.string(), label: z.string(), unitCode: z.string().nullable(), values: z.record(z.string(), figureValue) });
const citedVersion = z.object({ code: z.string(), version: z.number(), versionId: z.string(), validFrom: z.string(), name: z.string(), fingerprint: z.string() });

export const reportView = z.object({
  id: z.string(),
  template: z.object({ id: z.string(), code: z.string(), name: z.string(), revision: z.number(), department: department.nullable() }),
  jurisdiction: z.object({ code: z.string(), name: z.string() }),
  referenceDate: z.string(),
  period: z.object({ start: z.string(), end: z.string() }),
  dataAsOf: z.string(),
  generatedAt: z.string(),
  generatedBy: z.string(),
  queryCount: z.number(),
  durationMs: z.number(),
  digest: z.string(),
  layout: z.unknown(),
  columns: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      path: z.array(z.string()),
      metric: citedVersion.extend({ statement: z.string(), ratio: z.boolean() }).nullable(),
      manual: z.object({ type: z.enum(['integer', 'decimal', 'text']) }).nullable(),
      note: z.string().nullable(),
    }),
  ),
  rows: z.array(figureRow),
  total: z.record(z.string(), figureValue).nullable(),
  metricVersions: z.array(citedVersion),
  tasks: z.array(z.object({ id: z.string(), jurisdictionCode: z.string(), jurisdictionName: z.string(), status: z.enum(['open', 'submitted']), submittedAt: z.string().nullable() })),
});

export const reportListItem = z.object({
  id: z.string(),
  template: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  jurisdiction: z.object({ code: z.string(), name: z.string() }),
  referenceDate: z.string(),
  period: z.object({ start: z.string(), end: z.string() }),
  dataAsOf: z.string(),
  generatedAt: z.string(),
  generatedBy: z.string(),
  durationMs: z.number(),
});

export const page = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).default(0) });

export const drillQuery = page.extend({
  row: z.string().min(1).max(63),
  column: z.string().min(1).max(63),
  part: z.enum(['numerator', 'denominator']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
});

export const drillDown = z.object({
  metric: z.object({ code: z.string(), version: z.number(), name: z.string() }),
  subject: z.enum(['people', 'households', 'dwellings', 'organisations']),
  figure: figureValue,
  total: z.number(),
  records: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      idNumber: z.string().nullable(),
      sex: z.string().nullable(),
      age: z.number().nullable(),
      residenceStatus: z.string().nullable(),
      tags: z.array(z.string()),
      place: z.string().nullable(),
      address: z.string().nullable(),
    }),
  ),
});

export const verification = z.object({
  reportId: z.string(),
  identical: z.boolean(),
  publishedDigest: z.string(),
  recomputedDigest: z.string(),
  differences: z.array(z.object({ row: z.string(), column: z.string(), published: figureValue, now: figureValue })),
  changesSince: z.object({ facts: z.number(), records: z.number() }),
  durationMs: z.number(),
});

export const taskView = z.object({
  id: z.string(),
  template: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  referenceDate: z.string(),
  jurisdiction: z.object({ code: z.string(), name: z.string() }),
  status: z.enum(['open', 'submitted']),
  rows: z.array(z.object({ key: z.string(), label: z.string() })),
  columns: z.array(z.object({ key: z.string(), label: z.string(), path: z.array(z.string()), type: z.enum(['integer', 'decimal', 'text']) })),
  answers: z.record(z.string(), z.record(z.string(), z.union([z.number(), z.string(), z.null()]))),
  submittedAt: z.string().nullable(),
  submittedBy: z.string().nullable(),
});

export const answersBody = z.object({ answers: z.record(z.string(), z.record(z.string(), z.union([z.number(), z.string()]))) });

export const workload = z.object({
  minutesPerField: z.number(),
  assumption: z.string(),
  communities: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      reports: z.number(),
      filingsPerYear: z.number(),
      autoFields: z.number(),
      manualFields: z.number(),
      autoFieldsPerYear: z.number(),
      manualFieldsPerYear: z.number(),
      minutesSavedPerYear: z.number(),
    }),
  ),
  templates: z.object({ active: z.number(), retired: z.number(), merged: z.number() }),
});


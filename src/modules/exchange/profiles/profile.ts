/**
 * The mapping profile format: how one department's export maps to registry
 * fields. Written once per dataset as YAML or JSON by a data steward and
 * documented in docs/mapping-profiles.md; this zod schema is its definition.
 */
import { z } from 'zod';
import { DATE_FORMATS } from '../../../lib/dates.js';

export const NORMALISATIONS = ['trim', 'half_width', 'simplified', 'upper', 'lower', 'no_spaces'] as const;
export type Normalisation = (typeof NORMALISATIONS)[number];

export const PERSON_DWELLING_LINKS = ['registered', 'living', 'tenant', 'owner'] as const;
export const ORGANISATION_DWELLING_LINKS = ['premises', 'owner', 'manager'] as const;

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and hyphens');
const fieldKey = z.string().regex(/^(person|household|dwelling|organisation)\.[a-z_]+$/, 'a catalogue field such as person.name');
/** One separator, or several that all separate. Literal text, never a regular expression. */
const separators = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

const columnRule = z
  .strictObject({
    /** The header of the column to read. */
    column: z.string().min(1).optional(),
    /** Several columns joined into one value (with `join` between them), e.g. an address split over columns. */
    columns: z.array(z.string().min(1)).min(2).optional(),
    join: z.string().default(''),
    /** A value for every row, for what the file does not say (its community, a residence status). */
    constant: z.string().min(1).optional(),
    /** The registry field the value goes to. */
    field: fieldKey.optional(),
    /** One column holding several fields: 3-2-301 → building, unit, room. */
    split: z.strictObject({ separator: separators, into: z.array(fieldKey).min(2) }).optional(),
    /** For fields with several values (phones, tags): what separates them in the cell. */
    separator: separators.optional(),
    /** The department's codes → catalogue codes; null means "no value". Catalogue aliases apply without listing them. */
    values: z.record(z.string(), z.string().nullable()).optional(),
    dateFormats: z.array(z.enum(DATE_FORMATS)).min(1).optional(),
    /** Text clean-up before the field's own normalisation. */
    normalise: z.array(z.enum(NORMALISATIONS)).optional(),
    /** A row with this cell empty is an error. */
    required: z.boolean().default(false),
    /** The column may be missing from a file (older or newer exports of the dataset); its rule is then skipped. */
    optionalColumn: z.boolean().default(false),
  })
  .superRefine((rule, ctx) => {
    const sources = [rule.column, rule.columns, rule.constant].filter((s) => s !== undefined).length;
    if (sources !== 1) ctx.addIssue({ code: 'custom', message: 'give exactly one of column, columns or constant' });
    const targets = [rule.field, rule.split].filter((t) => t !== undefined).length;
    if (targets !== 1) ctx.addIssue({ code: 'custom', message: 'give exactly one of field or split' });
  });

export const mappingProfileSchema = z.strictObject({
  version: z.literal(1),
  id: slug,
  name: z.string().min(1).max(100),
  description: z.string().max(2000).optional(),
  source: z.strictObject({
    /** Code of the department that sends the file. */
    department: z.string().min(1),
    /** The department's dataset: with the department, it names the data source of every fact. */
    dataset: slug,
    name: z.string().min(1).max(100),
  }),
  input: z
    .strictObject({
      format: z.enum(['csv', 'xlsx']).optional(),
      encoding: z.enum(['auto', 'utf-8', 'gb18030', 'utf-16le']).default('auto'),
      sheet: z.string().min(1).optional(),
      headerRow: z.number().int().min(1).max(100).default(1),
      delimiter: z.string().length(1).default(','),
    })
    .default({ encoding: 'auto', headerRow: 1, delimiter: ',' }),
  /**
   * Columns that together identify a record in the department's own system (a
   * health-record number). Without it, the normalised ID number (or credit code) is the key.
   */
  recordKey: z.array(z.string().min(1)).min(1).optional(),
  /** A column saying when each row was true (a registration or update date); otherwise the import's as-of date applies. */
  observedAt: z.strictObject({ column: z.string().min(1), dateFormats: z.array(z.enum(DATE_FORMATS)).min(1).optional() }).optional(),
  /** How the row's records relate: what the row's dwelling is to its person, household and organisation. */
  links: z
    .strictObject({
      personDwelling: z.array(z.enum(PERSON_DWELLING_LINKS)).default([]),
      householdDwelling: z.boolean().default(false),
      organisationDwelling: z.enum(ORGANISATION_DWELLING_LINKS).optional(),
    })
    .default({ personDwelling: [], householdDwelling: false }),
  columns: z.array(columnRule).min(1),
});

export type MappingProfile = z.infer<typeof mappingProfileSchema>;
export type ColumnRule = MappingProfile['columns'][number];

/** The data source id of a profile's dataset: department code / dataset. */
export function sourceIdOf(profile: Pick<MappingProfile, 'source'>): string {
  return `${profile.source.department}/${profile.source.dataset}`;
}

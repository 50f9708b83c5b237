/**
 * The data-standards catalogue as the rest of the code uses it: every field's
 * definition, the code lists and the tag dictionary, with look-ups that accept
 * the spellings departments actually use (codes, labels, national-standard
 * numeric codes, short forms). Loaded from the database (repo.ts), so a city
 * changes definitions as data.
 */
import { toHalfWidth } from '../../../lib/chinese-text.js';
import type { EntityType, FieldRole, FieldType, SensitiveCategory, Sensitivity, Survivorship } from '../schema.js';

export interface FieldDefinition {
  key: string;
  entity: EntityType;
  role: FieldRole;
  name: string;
  nameEn: string;
  description: string;
  type: FieldType;
  multiple: boolean;
  codeList: string | null;
  sensitivity: Sensitivity;
  /** Set for sensitive fields: which kind, deciding who sees them. */
  sensitiveCategory: SensitiveCategory | null;
  ownerKind: string | null;
  survivorship: Survivorship | null;
  trustedSources: readonly string[];
}

export interface CodeDefinition {
  code: string;
  label: string;
  labelEn: string;
  aliases: readonly string[];
}

export interface TagDefinition {
  code: string;
  name: string;
  nameEn: string;
  description: string;
  sensitiveCategory: SensitiveCategory | null;
  ownerKind: string | null;
  aliases: readonly string[];
}

/** Case, width and surrounding space do not distinguish codes: 'Ｍ', 'm ' and 'M' are one spelling. */
const spelling = (s: string) => toHalfWidth(s).trim().toLowerCase();

export class Catalogue {
  readonly fields: readonly FieldDefinition[];
  readonly tags: readonly TagDefinition[];
  private readonly byKey: Map<string, FieldDefinition>;
  private readonly codeLists: Map<string, readonly CodeDefinition[]>;
  private readonly codeLookup = new Map<string, Map<string, string>>();
  private readonly tagLookup: Map<string, string>;
  private readonly tagsByCode: Map<string, TagDefinition>;

  constructor(fields: readonly FieldDefinition[], codeLists: Map<string, readonly CodeDefinition[]>, tags: readonly TagDefinition[]) {
    this.fields = fields;
    this.tags = tags;
    this.byKey = new Map(fields.map((f) => [f.key, f]));
    this.codeLists = codeLists;
    for (const [list, codes] of codeLists) {
      this.codeLookup.set(list, lookupOf(codes.map((c) => ({ code: c.code, spellings: [c.code, c.label, ...c.aliases] }))));
    }
    this.tagsByCode = new Map(tags.map((t) => [t.code, t]));
    this.tagLookup = lookupOf(tags.map((t) => ({ code: t.code, spellings: [t.code, t.name, ...t.aliases] })));
  }

  field(key: string): FieldDefinition | undefined {
    return this.byKey.get(key);
  }

  /** The definition of a field the code relies on; a catalogue without it is a broken installation. */
  requireField(key: string): FieldDefinition {
    const field = this.byKey.get(key);
    if (!field) throw new Error(`The data-standards catalogue has no field ${key}`);
    return field;
  }

  fieldsOf(entity: EntityType): FieldDefinition[] {
    return this.fields.filter((f) => f.entity === entity);
  }

  codes(list: string): readonly CodeDefinition[] {
    return this.codeLists.get(list) ?? [];
  }

  /** The code a department's spelling stands for in a code list, or null. */
  resolveCode(list: string, raw: string): string | null {
    return this.codeLookup.get(list)?.get(spelling(raw)) ?? null;
  }

  tag(code: string): TagDefinition | undefined {
    return this.tagsByCode.get(code);
  }

  /** The tag a department's spelling (code, name or alias) stands for, or null. */
  resolveTag(raw: string): string | null {
    return this.tagLookup.get(spelling(raw)) ?? null;
  }

  /** Label of a code or tag for display, falling back to the value itself. */
  labelOf(field: FieldDefinition, value: string): string {
    if (field.type === 'tag') return this.tagsByCode.get(value)?.name ?? value;
    if (field.codeList) return this.codes(field.codeList).find((c) => c.code === value)?.label ?? value;
    return value;
  }
}

function lookupOf(entries: Array<{ code: string; spellings: string[] }>): Map<string, string> {
  const lookup = new Map<string, string>();
  // Codes first, so an alias can never shadow another entry's own code.
  for (const { code } of entries) lookup.set(spelling(code), code);
  for (const { code, spellings } of entries) {
    for (const s of spellings) if (!lookup.has(spelling(s))) lookup.set(spelling(s), code);
  }
  return lookup;
}

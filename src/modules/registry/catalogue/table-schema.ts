/**
 * The catalogue as a Frictionless Table Schema (v2), one schema per entity: what
 * a file of registry records looks like, field by field, so another system (or
 * a validator such as frictionless-py) can check an export or build an import.
 * Catalogue properties the standard has no word for travel as x-… properties.
 */
import type { EntityType } from '../schema.js';
import type { Catalogue, FieldDefinition } from './catalogue.js';

export const TABLE_SCHEMA_PROFILE = 'https://datapackage.org/profiles/2.0/tableschema.json';
/** How several values share one cell in an exported file (phones, tags). */
export const LIST_DELIMITER = ';';

const PATTERNS: Partial<Record<FieldDefinition['type'], string>> = {
  id_number: '^\\d{17}[\\dX]$',
  credit_code: '^[0-9A-HJ-NP-RTUW-Y]{18}$',
  phone: '^(1[3-9]\\d{9}|0\\d{2,3}-\\d{7,8})$',
};

const STANDARDS: Partial<Record<FieldDefinition['type'], string>> = {
  id_number: 'GB 11643-1999',
  credit_code: 'GB 32100-2015',
  date: 'ISO 8601',
};

export interface TableSchemaField {
  name: string;
  title: string;
  description: string;
  type: 'string' | 'date' | 'list';
  itemType?: 'string';
  delimiter?: string;
  constraints?: { required?: boolean; unique?: boolean; pattern?: string; enum?: string[] };
  /** Catalogue properties the standard has no word for, as x-… extensions. */
  [extension: string]: unknown;
}

export interface TableSchema {
  $schema: string;
  name: string;
  title: string;
  fields: TableSchemaField[];
  primaryKey: string[];
  missingValues: string[];
}

export function tableSchemaOf(catalogue: Catalogue, entity: EntityType): TableSchema {
  const fields = catalogue.fieldsOf(entity).map((field) => fieldSchema(catalogue, field));
  return {
    $schema: TABLE_SCHEMA_PROFILE,
    name: entity,
    title: `Gongzhi registry: ${entity}`,
    fields: [
      { name: 'id', title: '编号', description: 'Registry identifier of the record.', type: 'string', constraints: { required: true, unique: true } },
      ...fields,
    ],
    primaryKey: ['id'],
    missingValues: [''],
  };
}

function fieldSchema(catalogue: Catalogue, field: FieldDefinition): TableSchemaField {
  const allowed = field.type === 'tag' ? catalogue.tags.map((t) => t.code) : field.codeList ? catalogue.codes(field.codeList).map((c) => c.code) : null;
  const pattern = PATTERNS[field.type];
  const schema: TableSchemaField = {
    name: field.key.slice(field.entity.length + 1),
    title: field.name,
    description: `${field.nameEn}. ${field.description}`,
    type: field.multiple ? 'list' : field.type === 'date' ? 'date' : 'string',
    'x-gongzhi-key': field.key,
    'x-role': field.role,
    'x-sensitivity': field.sensitivity,
    ...(field.sensitiveCategory ? { 'x-sensitive-category': field.sensitiveCategory } : {}),
    'x-owner-kind': field.ownerKind,
  };
  if (field.multiple) {
    schema.itemType = 'string';
    schema.delimiter = LIST_DELIMITER;
    if (allowed) schema['x-item-enum'] = allowed;
    if (pattern) schema['x-item-pattern'] = pattern;
  } else if (allowed || pattern) {
    schema.constraints = { ...(allowed ? { enum: allowed } : {}), ...(pattern ? { pattern } : {}) };
  }
  if (field.codeList) schema['x-code-list'] = field.codeList;
  if (STANDARDS[field.type]) schema['x-standard'] = STANDARDS[field.type];
  if (field.type === 'reference') schema['x-references'] = 'a registry id';
  if (field.survivorship) {
    schema['x-survivorship'] = field.survivorship;
    schema['x-trusted-sources'] = field.trustedSources;
  }
  return schema;
}

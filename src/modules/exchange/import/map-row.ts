/**
 * One row of a department file → the registry records it speaks about, in
 * canonical form, or the reasons it cannot be taken in. Pure: the same row and
 * profile give the same result, so a preview shows exactly what an import does.
 *
 * Each rule of the profile reads a column (or joins several, or is a constant),
 * applies the value map and text clean-up it asks for, then the field type's
 * own normalisation: ID numbers upgraded and checked (GB 11643), credit codes
 * checked (GB 32100), dates in the declared formats, codes and tags looked up
 * in the catalogue, phones cleaned, addresses parsed down to the room.
 */
import { normaliseAddressText, normaliseDwellingPart, parseAddress, type ParsedAddress } from '../../../lib/addresses.js';
import { collapseWhitespace, normaliseName, toHalfWidth, toSimplified } from '../../../lib/chinese-text.js';
import { validateCreditCode } from '../../../lib/credit-code.js';
import { DEFAULT_DATE_FORMATS, datesAgree, parseDate } from '../../../lib/dates.js';
import { normaliseIdNumber } from '../../../lib/id-number.js';
import { cleanPhone, splitPhones } from '../../../lib/phones.js';
import { cellText, type Cell } from '../../../lib/tabular.js';
import type { Catalogue, FieldDefinition } from '../../registry/catalogue/catalogue.js';
import type { FactValue } from '../../registry/schema.js';
import type { ColumnRule, MappingProfile, Normalisation } from '../profiles/profile.js';
import { issue, type RowIssue } from './issues.js';
import type { PlaceIndex } from './places.js';

export interface StagedDwelling {
  /** 12-digit code, when the row says which community. */
  communityCode: string | null;
  /** Where to look for the dwelling when it does not: the path of a street or district the address names. */
  searchPath: string | null;
  /** Road and number (文一西路123号), which tell apart compounds of the same name. */
  road: string | null;
  compound: string;
  building: string;
  unit: string;
  room: string;
  address: string;
  facts: Record<string, FactValue>;
}

/** A row in canonical form, as staged for applying (stored as JSON). */
export interface StagedRecord {
  /** The record's key in the department's data: recordKey columns, else the ID number or credit code. */
  key: string | null;
  /** When the row was true (YYYY-MM-DD), from the profile's observedAt column. */
  observedOn: string | null;
  person: Record<string, FactValue> | null;
  /** Person fields read from the ID number because the row did not state them. */
  derived: string[];
  household: { number: string; facts: Record<string, FactValue> } | null;
  dwelling: StagedDwelling | null;
  organisation: { creditCode: string; facts: Record<string, FactValue> } | null;
  /**
   * An ID number failing only its check character: a typo the registry must not
   * store, but record linkage can often tell which person was meant by it.
   */
  suspectIdNumber?: string;
}

export interface MappingContext {
  catalogue: Catalogue;
  places: PlaceIndex;
  /** The as-of date of the data: dates after it are errors. */
  asOf: Date;
}

interface CompiledRule {
  rule: ColumnRule;
  /** Indexes of the columns read; empty for a constant. */
  columns: number[];
  /** The column name(s) as the error report shows them. */
  label: string | null;
}

export interface CompiledProfile {
  profile: MappingProfile;
  header: readonly string[];
  rules: CompiledRule[];
  recordKey: number[] | null;
  observedAt: number | null;
}

/** Headers match when they differ only in width and spacing: 身份证号（码） and 身份证号(码). */
const headerKey = (h: string) => toHalfWidth(h).replace(/\s+/g, '');

/** Find the profile's columns in a file's header; the columns the profile needs and the file lacks are returned instead. */
export function compileProfile(profile: MappingProfile, header: readonly string[]): { ok: true; compiled: CompiledProfile } | { ok: false; missing: string[] } {
  const positions = new Map<string, number>();
  header.forEach((h, i) => {
    if (!positions.has(headerKey(h))) positions.set(headerKey(h), i);
  });
  const missing: string[] = [];
  const find = (name: string, optional: boolean): number | null => {
    const at = positions.get(headerKey(name));
    if (at === undefined && !optional) missing.push(name);
    return at ?? null;
  };
  const rules: CompiledRule[] = [];
  for (const rule of profile.columns) {
    const names = rule.column ? [rule.column] : (rule.columns ?? []);
    const found = names.map((n) => find(n, rule.optionalColumn));
    if (found.some((f) => f === null)) continue;
    rules.push({ rule, columns: found as number[], label: names.length > 0 ? names.join('+') : null });
  }
  const recordKey = profile.recordKey ? profile.recordKey.map((n) => find(n, false)) : null;
  const observedAt = profile.observedAt ? find(profile.observedAt.column, false) : null;
  if (missing.length > 0) return { ok: false, missing: [...new Set(missing)] };
  return { ok: true, compiled: { profile, header, rules, recordKey: recordKey as number[] | null, observedAt } };
}

const LIST_SEPARATORS = [';', '；', ',', '，', '、', '|', '/'];
const DWELLING_PARTS = new Set(['dwelling.building', 'dwelling.unit', 'dwelling.room']);

/** What the rules read from one row, before it is put together into records. */
interface RowValues {
  values: Map<string, FactValue>;
  /** The column each field came from, for pointing at it in a report. */
  columns: Map<string, string | null>;
  issues: RowIssue[];
  idNumber: { value: string; sex: string; birthDate: string } | null;
  suspectIdNumber: string | null;
  address: { parsed: ParsedAddress; text: string; column: string | null } | null;
}

export function mapRow(compiled: CompiledProfile, cells: readonly Cell[], ctx: MappingContext): { record: StagedRecord | null; issues: RowIssue[] } {
  const row: RowValues = { values: new Map(), columns: new Map(), issues: [], idNumber: null, suspectIdNumber: null, address: null };
  for (const { rule, columns, label } of compiled.rules) {
    const raw = sourceValue(rule, columns, cells);
    const targets = rule.field ? [rule.field] : (rule.split?.into ?? []);
    if (raw === null) {
      if (rule.required) row.issues.push(issue('required', { column: label, field: targets.join(',') }));
      continue;
    }
    if (rule.split) {
      const text = clean(cellText(raw)!, rule.normalise);
      const parts = splitBy(text, rule.split.separator);
      if (parts.length !== rule.split.into.length) {
        row.issues.push(issue('split_parts', { column: label, field: rule.split.into.join(','), value: text, detail: `${rule.split.into.length}: ${rule.split.into.join(', ')}` }));
        continue;
      }
      rule.split.into.forEach((key, i) => read(row, ctx, ctx.catalogue.requireField(key), rule, parts[i], label));
    } else {
      read(row, ctx, ctx.catalogue.requireField(rule.field!), rule, raw, label);
    }
  }
  const record = assemble(compiled, cells, row, ctx);
  return { record: row.issues.some((i) => i.severity === 'error') ? null : record, issues: row.issues };
}

function sourceValue(rule: ColumnRule, columns: number[], cells: readonly Cell[]): Cell {
  if (rule.constant !== undefined) return rule.constant;
  if (columns.length === 1) {
    const cell = cells[columns[0]] ?? null;
    return cell === null || (typeof cell === 'string' && cell.trim() === '') ? null : cell;
  }
  const parts = columns.map((c) => cellText(cells[c] ?? null)?.trim() ?? '').filter((p) => p !== '');
  return parts.length === 0 ? null : parts.join(rule.join);
}

/** The clean-up a profile asks for; surrounding space and zero-width characters always go. */
function clean(text: string, steps: readonly Normalisation[] = []): string {
  let s = text.replace(/[\u200B-\u200D\u2060\uFEFF]/g, '').trim();
  for (const step of steps) {
    if (step === 'half_width') s = toHalfWidth(s);
    else if (step === 'simplified') s = toSimplified(s);
    else if (step === 'upper') s = s.toUpperCase();
    else if (step === 'lower') s = s.toLowerCase();
    else if (step === 'no_spaces') s = s.replace(/\s+/g, '');
    else s = s.trim();
  }
  return s;
}

function splitBy(text: string, separators: string | readonly string[]): string[] {
  let parts = [text];
  for (const separator of typeof separators === 'string' ? [separators] : separators) parts = parts.flatMap((p) => p.split(separator));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Apply the rule's value map; undefined when it has no entry for the value, null when it maps the value to nothing. */
function mapped(rule: ColumnRule, text: string): string | null | undefined {
  if (!rule.values) return undefined;
  if (Object.hasOwn(rule.values, text)) return rule.values[text];
  const key = Object.keys(rule.values).find((k) => toHalfWidth(k).trim() === toHalfWidth(text).trim());
  return key === undefined ? undefined : rule.values[key];
}

/** Read one value into a field, with the field type's normalisation; problems go on the row. */
function read(row: RowValues, ctx: MappingContext, field: FieldDefinition, rule: ColumnRule, raw: Cell, column: string | null): void {
  const at = { column, field: field.key };
  if (field.multiple) {
    const text = clean(cellText(raw)!, rule.normalise);
    const items = field.type === 'phone' && !rule.separator ? splitPhones(text) : splitBy(text, rule.separator ?? LIST_SEPARATORS);
    const values: string[] = [];
    for (const item of items) {
      const value = mapped(rule, item);
      if (value === null) continue;
      const one = single(field, value ?? item, rule, ctx);
      if ('problem' in one) row.issues.push(issue(one.problem, { ...at, value: item, detail: one.detail }));
      else values.push(one.value);
    }
    const before = row.values.get(field.key);
    const merged = [...new Set([...(Array.isArray(before) ? before : []), ...values])];
    if (merged.length > 0) {
      row.values.set(field.key, merged);
      row.columns.set(field.key, column);
    }
    return;
  }
  const asText = raw instanceof Date ? null : clean(cellText(raw)!, rule.normalise);
  const value = asText === null ? undefined : mapped(rule, asText);
  if (value === null) return;
  const input: string | Date = value ?? (raw instanceof Date ? raw : (asText as string));
  if (field.type === 'id_number') {
    const result = normaliseIdNumber(String(input), { asOf: ctx.asOf });
    if (!result.ok) {
      const { reason } = result;
      // A wrong check character, or a birth date inside the number that cannot be
      // (a mistyped or swapped digit), still leaves a row worth linking by its
      // other fields: the number is not stored and goes to the correction list.
      if (reason === 'checksum' || reason === 'birth_date') {
        row.suspectIdNumber = String(input).normalize('NFKC').replace(/[\s']/g, '').toUpperCase();
        row.issues.push(issue('id_number.unverified', { ...at, value: String(input) }));
      } else {
        row.issues.push(issue(`id_number.${reason}`, { ...at, value: String(input) }));
      }
      return;
    }
    row.idNumber = { value: result.value, sex: result.sex, birthDate: result.birthDate };
    row.values.set(field.key, result.value);
    row.columns.set(field.key, column);
    return;
  }
  if (field.type === 'address') {
    const text = normaliseAddressText(String(input));
    row.address = { parsed: parseAddress(text, { knownPlaces: ctx.places.knownPlaces }), text, column };
    row.columns.set(field.key, column);
    return;
  }
  const one = single(field, input, rule, ctx);
  if ('problem' in one) {
    row.issues.push(issue(one.problem, { ...at, value: input instanceof Date ? input.toISOString().slice(0, 10) : input, detail: one.detail }));
    return;
  }
  row.values.set(field.key, one.value);
  row.columns.set(field.key, column);
}

type Single = { value: string } | { problem: RowIssue['code']; detail?: string };

/** One value of a field in canonical form, or why it cannot be read. */
function single(field: FieldDefinition, input: string | Date, rule: ColumnRule, ctx: MappingContext): Single {
  const text = input instanceof Date ? input.toISOString().slice(0, 10) : input;
  switch (field.type) {
    case 'name':
      return { value: normaliseName(text) };
    case 'credit_code': {
      const result = validateCreditCode(text);
      return result.ok ? { value: result.value } : { problem: `credit_code.${result.reason}` };
    }
    case 'date': {
      const result = parseDate(input, rule.dateFormats ?? DEFAULT_DATE_FORMATS);
      if (!result.ok) return { problem: `date.${result.reason}`, detail: (rule.dateFormats ?? DEFAULT_DATE_FORMATS).join(', ') };
      if (result.value > chinaDay(ctx.asOf).slice(0, result.value.length)) return { problem: 'date.future', detail: chinaDay(ctx.asOf) };
      return { value: result.value };
    }
    case 'code': {
      const code = ctx.catalogue.resolveCode(field.codeList!, text);
      return code ? { value: code } : { problem: 'code.unknown', detail: ctx.catalogue.codes(field.codeList!).map((c) => c.label).slice(0, 12).join('、') };
    }
    case 'tag': {
      const tag = ctx.catalogue.resolveTag(text);
      return tag ? { value: tag } : { problem: 'tag.unknown' };
    }
    case 'phone': {
      const result = cleanPhone(text);
      return result.ok ? { value: result.value } : { problem: `phone.${result.reason}` };
    }
    case 'jurisdiction': {
      const result = ctx.places.community(text);
      return result.ok ? { value: result.place.code } : { problem: `community.${result.reason}` };
    }
    case 'text':
      return { value: DWELLING_PARTS.has(field.key) ? normaliseDwellingPart(text) : collapseWhitespace(text) };
    default:
      throw new Error(`${field.key} (${field.type}) cannot be read from a column`);
  }
}

/** Dates in registry data are civil dates in China. */
function chinaDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** Put the row's values together into its records, and check that each can be identified and placed. */
function assemble(compiled: CompiledProfile, cells: readonly Cell[], row: RowValues, ctx: MappingContext): StagedRecord {
  const ofEntity = (entity: string) => new Map([...row.values].filter(([key]) => key.startsWith(`${entity}.`)));
  const record: StagedRecord = { key: null, observedOn: null, person: null, derived: [], household: null, dwelling: null, organisation: null };

  const person = ofEntity('person');
  if (person.size > 0) {
    if (row.idNumber) {
      for (const [fieldKey, fromId, problem] of [
        ['person.sex', row.idNumber.sex, 'id_number.sex_mismatch'],
        ['person.birth_date', row.idNumber.birthDate, 'id_number.birth_date_mismatch'],
      ] as const) {
        const stated = person.get(fieldKey) as string | undefined;
        if (stated === undefined) {
          person.set(fieldKey, fromId);
          record.derived.push(fieldKey);
        } else if (fieldKey === 'person.sex' ? stated !== fromId : !datesAgree(stated, fromId)) {
          row.issues.push(issue(problem, { column: row.columns.get(fieldKey) ?? null, field: fieldKey, value: stated, detail: fromId }));
        }
      }
    }
    record.person = Object.fromEntries(person);
    if (row.suspectIdNumber) record.suspectIdNumber = row.suspectIdNumber;
  }

  const household = ofEntity('household');
  if (household.size > 0) {
    const number = household.get('household.number') as string | undefined;
    household.delete('household.number');
    if (number) record.household = { number, facts: Object.fromEntries(household) };
    else row.issues.push(issue('household.number_missing', { field: 'household.number' }));
  }

  const dwelling = ofEntity('dwelling');
  if (dwelling.size > 0 || row.address) record.dwelling = stagedDwelling(row, dwelling, ctx);

  const organisation = ofEntity('organisation');
  const creditCode = organisation.get('organisation.credit_code') as string | undefined;
  organisation.delete('organisation.credit_code');
  if (creditCode) {
    record.organisation = { creditCode, facts: Object.fromEntries(organisation) };
  } else if (organisation.size > 0 && record.person && !row.issues.some((i) => i.field === 'organisation.credit_code')) {
    // An employer or landlord named without its code cannot be told from others of the same name.
    row.issues.push(issue('organisation.unidentified', { column: row.columns.get('organisation.name') ?? null, field: 'organisation.credit_code' }));
  } else if (organisation.size > 0 && !record.person) {
    row.issues.push(issue('unidentifiable', { field: 'organisation.credit_code' }));
  }

  record.key = recordKey(compiled, cells, record);
  // A bad ID number is already reported; that the row cannot be identified without it is no news.
  const keyFieldFailed = row.issues.some((i) => i.field === 'person.id_number' || i.field === 'organisation.credit_code');
  if (record.key === null && (record.person || record.organisation) && !keyFieldFailed) row.issues.push(issue('unidentifiable', {}));

  if (compiled.observedAt !== null) {
    const raw = cells[compiled.observedAt] ?? null;
    const column = compiled.profile.observedAt!.column;
    if (raw !== null && cellText(raw)!.trim() !== '') {
      const observed = parseDate(raw, compiled.profile.observedAt!.dateFormats ?? DEFAULT_DATE_FORMATS);
      if (!observed.ok) row.issues.push(issue(`date.${observed.reason}`, { column, value: cellText(raw) }));
      else if (observed.value > chinaDay(ctx.asOf).slice(0, observed.value.length)) row.issues.push(issue('date.future', { column, value: observed.value }));
      else record.observedOn = observed.value;
    }
  }
  return record;
}

function stagedDwelling(row: RowValues, values: Map<string, FactValue>, ctx: MappingContext): StagedDwelling | null {
  const parsed = row.address?.parsed;
  const part = (key: string, fromAddress: string | null | undefined) => (values.get(key) as string | undefined) ?? fromAddress ?? '';
  const compound = part('dwelling.compound', parsed?.compound);
  const building = part('dwelling.building', parsed?.building);
  const unit = part('dwelling.unit', parsed?.unit);
  const room = part('dwelling.room', parsed?.room);
  const column = row.address?.column ?? row.columns.get('dwelling.compound') ?? null;
  // A dwelling column that could not be read is reported already; that the dwelling is incomplete follows from it.
  if (row.issues.some((i) => i.severity === 'error' && i.field?.includes('dwelling.'))) return null;
  if (!compound || (!building && !room)) {
    row.issues.push(issue('address.unparsed', { column, field: 'dwelling.address', value: row.address?.text ?? [compound, building, unit, room].join(' ') }));
    return null;
  }
  let communityCode = (values.get('dwelling.community') as string | undefined) ?? null;
  let searchPath: string | null = null;
  if (!communityCode && parsed) {
    const near = ctx.places.mostSpecific(parsed.places);
    const named = parsed.places.map((name) => ctx.places.community(name, near?.path ?? null)).find((r) => r.ok);
    if (named?.ok) communityCode = named.place.code;
    else searchPath = near?.path ?? null;
  }
  const facts = Object.fromEntries([...values].filter(([key]) => ctx.catalogue.field(key)?.role === 'fact'));
  return {
    communityCode,
    searchPath,
    road: parsed?.road ? `${parsed.road}${parsed.roadNumber ?? ''}` : null,
    compound: normaliseName(compound),
    building,
    unit,
    room,
    address: row.address?.text ?? `${compound}${building}幢${unit ? `${unit}单元` : ''}${room ? `${room}室` : ''}`,
    facts,
  };
}

/** The department's own key of the record: the recordKey columns, else the person's ID number, else the organisation's credit code. */
function recordKey(compiled: CompiledProfile, cells: readonly Cell[], record: StagedRecord): string | null {
  if (compiled.recordKey) {
    const parts = compiled.recordKey.map((i) => toHalfWidth(cellText(cells[i] ?? null) ?? '').trim());
    return parts.some((p) => p === '') ? null : parts.join('|');
  }
  // A mistyped number is still the department's key for the record: its next export has the same typo.
  if (record.person) return (record.person['person.id_number'] as string | undefined) ?? record.suspectIdNumber ?? null;
  return record.organisation?.creditCode ?? null;
}

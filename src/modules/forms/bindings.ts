/**
 * How a form's bound questions (`bind::registry`) meet the registry: which
 * fields a form may bind to, and the translation of values both ways.
 *
 * The registry stores codes (sex `male`, tag `living_alone`, disability grade
 * `2`) and canonical forms (11-digit phones, 18-character ID numbers); a form
 * has its own choice names and labels. A choice of a bound select question is
 * matched to a registry code by its name, else by its label, using the
 * spellings the catalogue already accepts from departments. A pre-filled
 * value shows as the matching choice; an approved answer is written as the
 * code. A choice without a code is kept in the submission but not written,
 * and said so when the form is published.
 */
import { collapseWhitespace, normaliseName } from '../../lib/chinese-text.js';
import { normaliseIdNumber } from '../../lib/id-number.js';
import { cleanPhone } from '../../lib/phones.js';
import type { Catalogue, FieldDefinition } from '../registry/catalogue/catalogue.js';
import type { FactValue } from '../registry/schema.js';
import type { AnswerValue, CompiledForm, FormSubject, Message, QuestionNode, RegistryFieldKind, RegistryValue } from './engine/index.js';

export interface BindableField {
  /** The name forms use in bind::registry. */
  binding: string;
  field: FieldDefinition;
  kind: RegistryFieldKind;
  /** One value of a field that holds several: read as the first, recorded as one more. */
  single: boolean;
}

/**
 * A phone number is one question on a form, while the registry keeps every
 * number every source gives (person.phones): `person.phone` reads the number
 * the registry shows first and records the worker's number as the visit's.
 */
const SINGLE_VALUE_BINDINGS: Readonly<Record<string, string>> = { 'person.phone': 'person.phones' };

/** The catalogue field behind a binding name. */
export function catalogueFieldOf(binding: string): string {
  return SINGLE_VALUE_BINDINGS[binding] ?? binding;
}

/**
 * The fields a form opened on this kind of record may bind to: its facts with
 * one value, dates, code lists and tags. Without a subject, those of every kind
 * (a workbook is read before its settings are known to be right).
 */
export function bindableFields(catalogue: Catalogue, subject?: FormSubject): Map<string, BindableField> {
  const bindable = new Map<string, BindableField>();
  const subjects: readonly FormSubject[] = subject ? [subject] : ['person', 'household', 'dwelling'];
  for (const field of subjects.flatMap((s) => catalogue.fieldsOf(s))) {
    // Keys are set when a record is created; links name other records.
    if (field.role !== 'fact') continue;
    const kind = kindOf(catalogue, field);
    if (kind) bindable.set(field.key, { binding: field.key, field, kind, single: false });
  }
  for (const [binding, key] of Object.entries(SINGLE_VALUE_BINDINGS)) {
    const field = catalogue.field(key);
    if (field && (subjects as readonly string[]).includes(field.entity)) bindable.set(binding, { binding, field, kind: 'text', single: true });
  }
  return bindable;
}

function kindOf(catalogue: Catalogue, field: FieldDefinition): RegistryFieldKind | null {
  if (field.type === 'date') return 'date';
  // Of the fields with several values only tags are a choice; phones bind one at a time (above).
  if (field.multiple) return field.type === 'tag' ? 'list' : null;
  // A grade 1–4 is a number to a form as much as a code.
  if (field.codeList && catalogue.codes(field.codeList).every((c) => /^\d+$/.test(c.code))) return 'number';
  return 'text';
}

/** The catalogue as compileForm checks bindings against it. */
export function registryFieldKinds(bindable: ReadonlyMap<string, BindableField>): Record<string, RegistryFieldKind> {
  return Object.fromEntries([...bindable].map(([binding, b]) => [binding, b.kind]));
}

export type RegistryAnswer =
  /** value null: nothing the registry can take (every choice given lacks a code). */
  | { ok: true; value: FactValue | null; unmapped: string[] }
  | { ok: false; message: Message };

interface BoundQuestion {
  question: QuestionNode;
  bindable: BindableField;
  /** Choice name → registry code, for the choices that have one. */
  codeOfChoice: Map<string, string>;
  /** Registry code → the choice that stands for it. */
  choiceOfCode: Map<string, string>;
}

/** The bound questions of one form, against the current catalogue. */
export class FormBindings {
  private readonly bound = new Map<string, BoundQuestion>();

  constructor(
    form: CompiledForm,
    private readonly catalogue: Catalogue,
    bindable: ReadonlyMap<string, BindableField> = bindableFields(catalogue, form.settings.subject ?? 'person'),
  ) {
    for (const question of form.bindings) {
      const found = bindable.get(question.registryField!);
      // Checked when the form was published; a catalogue changed since is an installation problem, not the worker's.
      if (!found) throw new Error(`form ${form.settings.formId} binds ${question.registryField}, which the catalogue no longer offers`);
      const codeOfChoice = new Map<string, string>();
      for (const choice of question.choices ?? []) {
        const code = [choice.name, choice.label.zh, choice.label.en].map((s) => (s ? this.resolve(found.field, s) : null)).find((c) => c);
        if (code) codeOfChoice.set(choice.name, code);
      }
      const choiceOfCode = new Map<string, string>();
      for (const [name, code] of codeOfChoice) if (!choiceOfCode.has(code)) choiceOfCode.set(code, name);
      this.bound.set(question.registryField!, { question, bindable: found, codeOfChoice, choiceOfCode });
    }
  }

  /** Catalogue fields to read for a pre-fill, each once. */
  registryFields(): string[] {
    return [...new Set([...this.bound.values()].map((b) => b.bindable.field.key))];
  }

  bindings(): string[] {
    return [...this.bound.keys()];
  }

  questionOf(binding: string): QuestionNode | undefined {
    return this.bound.get(binding)?.question;
  }

  fieldOf(binding: string): FieldDefinition | undefined {
    return this.bound.get(binding)?.bindable.field;
  }

  /** Choices of bound questions that no registry code stands for: published forms say so. */
  unmappedChoices(): Array<{ question: string; field: string; choices: string[] }> {
    const out = [];
    for (const [binding, b] of this.bound) {
      if (!b.question.choices || !this.hasCodes(b.bindable.field)) continue;
      const choices = b.question.choices.map((c) => c.name).filter((name) => !b.codeOfChoice.has(name));
      if (choices.length) out.push({ question: b.question.name, field: binding, choices });
    }
    return out;
  }

  /** A registry value as the bound question shows it: a code as its choice (or, in a text question, its label). */
  toAnswer(binding: string, value: FactValue): RegistryValue {
    const b = this.bound.get(binding)!;
    const { field } = b.bindable;
    const values = Array.isArray(value) ? value : [value];
    if (b.bindable.single) return values[0] ?? null;
    if (!this.hasCodes(field)) return value;
    const shown = values.map((code) => (b.question.choices ? (b.choiceOfCode.get(code) ?? code) : b.question.type === 'text' ? this.catalogue.labelOf(field, code) : code));
    return field.multiple ? shown : (shown[0] ?? null);
  }

  /**
   * An answer in the registry's terms, in the canonical form an import would
   * give it; or why the registry cannot take it (a phone that is not one).
   */
  toRegistry(binding: string, answer: AnswerValue): RegistryAnswer {
    const b = this.bound.get(binding)!;
    const { field } = b.bindable;
    if (this.hasCodes(field)) {
      const given = (Array.isArray(answer) ? answer : [answer]).map(String);
      const codes: string[] = [];
      const unmapped: string[] = [];
      for (const item of given) {
        const code = b.codeOfChoice.get(item) ?? this.resolve(field, item);
        if (code) codes.push(code);
        else unmapped.push(item);
      }
      if (!field.multiple && b.question.type !== 'select_one' && unmapped.length) {
        const known = field.codeList ? this.catalogue.codes(field.codeList).map((c) => c.label).join('、') : '';
        return { ok: false, message: { zh: `底册不认识“${unmapped[0]}”，可填写：${known}`, en: `The registry does not know '${unmapped[0]}'; use one of: ${known}` } };
      }
      if (field.multiple) return { ok: true, value: codes.length ? [...new Set(codes)] : null, unmapped };
      return { ok: true, value: codes[0] ?? null, unmapped };
    }
    const text = String(answer);
    switch (field.type) {
      case 'phone': {
        const phone = cleanPhone(text);
        if (!phone.ok) return { ok: false, message: { zh: '请填写有效的手机号或带区号的座机号', en: 'Enter a valid mobile number or a landline with its area code.' } };
        return { ok: true, value: field.multiple ? [phone.value] : phone.value, unmapped: [] };
      }
      case 'id_number': {
        const id = normaliseIdNumber(text);
        if (!id.ok) return { ok: false, message: { zh: '请填写有效的公民身份号码', en: 'Enter a valid resident ID number.' } };
        return { ok: true, value: id.value, unmapped: [] };
      }
      case 'name':
        return { ok: true, value: normaliseName(text), unmapped: [] };
      case 'date':
        return { ok: true, value: text, unmapped: [] };
      default:
        return { ok: true, value: collapseWhitespace(text), unmapped: [] };
    }
  }

  /** Labels of registry codes a pre-fill may show that are not choices of the form (a person's other tags). */
  registryLabel(binding: string, code: string): Message | null {
    const field = this.bound.get(binding)?.bindable.field;
    if (!field || !this.hasCodes(field)) return null;
    if (field.type === 'tag') {
      const tag = this.catalogue.tag(code);
      return tag ? { zh: tag.name, en: tag.nameEn } : null;
    }
    const entry = this.catalogue.codes(field.codeList!).find((c) => c.code === code);
    return entry ? { zh: entry.label, en: entry.labelEn } : null;
  }

  private hasCodes(field: FieldDefinition): boolean {
    return field.type === 'tag' || field.codeList !== null;
  }

  private resolve(field: FieldDefinition, spelling: string): string | null {
    if (field.type === 'tag') return this.catalogue.resolveTag(spelling);
    if (field.codeList) return this.catalogue.resolveCode(field.codeList, spelling);
    return null;
  }
}

/**
 * A form session: from a form, the current answers, pre-filled registry values
 * and a clock, work out what the worker sees and whether the answers stand.
 *
 * The same function runs in the browser while a form is filled and on the
 * server for every submission, so it is deterministic (the clock is injected
 * and read once) and total: whatever JSON a client sends, it returns errors,
 * never throws.
 *
 * Order of work: read the answers into entries (one per repeat instance, plus
 * the form itself); apply pre-fill; walk the nodes in dependency order,
 * deciding relevance (an irrelevant question loses its answer), computing
 * calculations and filling defaults; then validate in form order.
 */
import type { Clock } from '../../../kernel/clock.js';
import {
  answerToValue,
  calculatedAnswer,
  coerceAnswer,
  isEmptyAnswer,
  valueToAnswer,
  type AnswerValue,
  type Answers,
  type ValueType,
} from './answers.js';
import { compileForm, type Choice, type CompiledForm, type FormNode, type QuestionNode, type RepeatNode, type Template } from './compile.js';
import { chinaToday } from './dates.js';
import { evaluate, evaluateBoolean, type Environment } from './expression/evaluate.js';
import { DateValue, toText, type Value } from './expression/values.js';
import { MESSAGES, authorOrDefault, type Message, type MessageKey } from './messages.js';
import type { FormSpec, LocalizedText } from './spec.js';

/** A value as the registry holds it. */
export type RegistryValue = string | number | boolean | string[] | null;

export interface PrefillEntry {
  value: RegistryValue;
  /** Where the registry value came from (a department's data, an earlier form), shown beside it. */
  source: string;
  /** When the registry recorded it, shown beside it. */
  asOf: string;
}

/** Registry values for the record the form is opened on, keyed by registry field (`person.phone`). */
export type PrefillSnapshot = Readonly<Record<string, PrefillEntry>>;

export interface SessionOptions {
  clock: Clock;
  prefill?: PrefillSnapshot;
}

export type FieldErrorCode = 'required' | 'constraint' | 'type';

export interface FieldError {
  /** Where the answer is: `phone`, `household_members[2].phone` (entries count from 0, as in the answers array). */
  path: string;
  code: FieldErrorCode;
  message: Message;
}

export interface ChoiceOption {
  name: string;
  label: LocalizedText;
}

export interface QuestionItem {
  kind: 'question';
  name: string;
  path: string;
  type: ValueType;
  label: LocalizedText;
  hint: LocalizedText;
  required: boolean;
  /** True when the answer comes from the registry and cannot be changed here. */
  readOnly: boolean;
  prefill: { source: string; asOf: string } | null;
  value: AnswerValue | null;
  /** The choices on offer now, after choice_filter (select questions). */
  choices: ChoiceOption[] | null;
  appearance: string | null;
}

export interface NoteItem {
  kind: 'note';
  name: string;
  path: string;
  label: LocalizedText;
  hint: LocalizedText;
  appearance: string | null;
}

export interface GroupItem {
  kind: 'group';
  name: string;
  path: string;
  label: LocalizedText;
  hint: LocalizedText;
  appearance: string | null;
  items: FormItem[];
}

export interface RepeatItem {
  kind: 'repeat';
  name: string;
  path: string;
  label: LocalizedText;
  hint: LocalizedText;
  appearance: string | null;
  entries: Array<{ path: string; items: FormItem[] }>;
}

/** What is shown: relevant groups, repeats, notes and questions (calculations are not shown). */
export type FormItem = QuestionItem | NoteItem | GroupItem | RepeatItem;

export interface FormState {
  /**
   * The answers as they stand: coerced to their stored types, irrelevant
   * answers removed, calculations recomputed, defaults and pre-fill applied.
   * A UI adopts these as its state after each change.
   */
  answers: Answers;
  items: FormItem[];
  /** Every problem with the answers, in form order. A UI may show only those for questions already visited. */
  errors: FieldError[];
}

export interface SubmissionCheck {
  ok: boolean;
  errors: FieldError[];
  /** What to store for an accepted submission. */
  answers: Answers;
}

/** The answers of the form itself or of one repeat entry. */
class Entry {
  readonly values = new Map<string, AnswerValue | null>();
  /** Answers that could not be read as their question's type, by question name (or repeat name). */
  readonly problems = new Map<string, MessageKey>();
  readonly repeats = new Map<string, Entry[]>();
  readonly relevant = new Map<string, boolean>();
  /** Set when the entry itself is not an object of answers. */
  problem: MessageKey | null = null;

  constructor(
    readonly repeat: RepeatNode | null,
    readonly parent: Entry | null,
    readonly path: string,
  ) {}

  pathOf(name: string): string {
    return this.path ? `${this.path}.${name}` : name;
  }

  isRelevant(node: FormNode): boolean {
    return this.relevant.get(node.name) !== false;
  }
}

export function evaluateForm(form: FormSpec | CompiledForm, answers: unknown, options: SessionOptions): FormState {
  return new Session(asCompiled(form), options).run(answers);
}

/**
 * The server's check of a submission: relevance, recomputed calculations,
 * types, required, choices and constraints. `answers` in the result are what
 * to store.
 */
export function validateSubmission(form: FormSpec | CompiledForm, answers: unknown, options: SessionOptions): SubmissionCheck {
  const state = evaluateForm(form, answers, options);
  return { ok: state.errors.length === 0, errors: state.errors, answers: state.answers };
}

export function asCompiled(form: FormSpec | CompiledForm): CompiledForm {
  return 'evaluationOrder' in form ? form : compileForm(form);
}

class Session {
  private readonly root = new Entry(null, null, '');
  private readonly today: DateValue;
  private readonly prefilled = new Map<QuestionNode, PrefillEntry>();

  constructor(
    private readonly form: CompiledForm,
    private readonly options: SessionOptions,
  ) {
    this.today = new DateValue(chinaToday(options.clock));
  }

  run(raw: unknown): FormState {
    if (isAnswerObject(raw)) this.read(this.root, this.form.items, raw);
    else if (raw !== null && raw !== undefined) this.root.problem = 'answers';
    this.applyPrefill();
    for (const node of this.form.evaluationOrder) {
      for (const entry of this.entriesOf(node.repeat)) this.settle(node, entry);
    }
    const errors: FieldError[] = [];
    this.validate(this.root, this.form.items, errors);
    return { answers: this.write(this.root, this.form.items), items: this.present(this.root, this.form.items), errors };
  }

  private read(entry: Entry, nodes: readonly FormNode[], raw: Record<string, unknown>) {
    for (const node of nodes) {
      if (node.kind === 'group') {
        this.read(entry, node.children, raw);
      } else if (node.kind === 'repeat') {
        const given = Object.hasOwn(raw, node.name) ? raw[node.name] : undefined;
        if (given !== undefined && given !== null && !Array.isArray(given)) entry.problems.set(node.name, 'entries');
        const items: unknown[] = Array.isArray(given) ? given : [];
        entry.repeats.set(
          node.name,
          items.map((item, index) => {
            const child = new Entry(node, entry, `${entry.pathOf(node.name)}[${index}]`);
            if (isAnswerObject(item)) this.read(child, node.children, item);
            else child.problem = 'entry';
            return child;
          }),
        );
      } else if (node.kind === 'question' && Object.hasOwn(raw, node.name)) {
        const coerced = coerceAnswer(node.type, raw[node.name]);
        entry.values.set(node.name, coerced.ok ? coerced.value : null);
        if (!coerced.ok) entry.problems.set(node.name, coerced.problem);
      }
    }
  }

  /** A bound question with a registry value shows that value, read-only; one without is the worker's to fill. */
  private applyPrefill() {
    const prefill = this.options.prefill ?? {};
    for (const node of this.form.bindings) {
      const field = node.registryField!;
      if (!Object.hasOwn(prefill, field)) continue;
      const entry = prefill[field];
      const coerced = coerceAnswer(node.type, entry.value);
      if (!coerced.ok || isEmptyAnswer(coerced.value)) continue;
      this.root.values.set(node.name, coerced.value);
      this.root.problems.delete(node.name);
      this.prefilled.set(node, entry);
    }
  }

  /** Relevance, then value: clear an irrelevant answer, compute a calculation, fill a default. */
  private settle(node: FormNode, entry: Entry) {
    const parentRelevant = node.parent?.kind === 'group' ? entry.isRelevant(node.parent) : true;
    const relevant = parentRelevant && (node.relevant === null || evaluateBoolean(node.relevant, this.environment(entry)));
    entry.relevant.set(node.name, relevant);
    if (!relevant) {
      entry.values.delete(node.name);
      entry.problems.delete(node.name);
      if (node.kind === 'repeat') entry.repeats.set(node.name, []);
      return;
    }
    if (node.kind === 'calculate') {
      entry.values.set(node.name, calculatedAnswer(evaluate(node.calculation, this.environment(entry))));
    } else if (node.kind === 'question' && node.default && !entry.values.has(node.name) && !this.prefilled.has(node)) {
      const value =
        'literal' in node.default ? node.default.literal : valueToAnswer(node.type, evaluate(node.default.expression, this.environment(entry)));
      // An expression that has nothing to say yet leaves the question unanswered, so it is tried again later.
      if (!isEmptyAnswer(value)) entry.values.set(node.name, value);
    }
  }

  private entriesOf(repeat: RepeatNode | null): Entry[] {
    if (repeat === null) return [this.root];
    return this.entriesOf(repeat.repeat).flatMap((entry) => entry.repeats.get(repeat.name) ?? []);
  }

  private environment(entry: Entry, current: Value = '', choice?: Choice): Environment {
    return {
      today: () => this.today,
      field: (name) => {
        const target = this.form.byName.get(name);
        if (!target || (target.kind !== 'question' && target.kind !== 'calculate')) return '';
        let holder: Entry | null = entry;
        while (holder && holder.repeat !== target.repeat) holder = holder.parent;
        return holder ? answerToValue(valueTypeOf(target), holder.values.get(name)) : '';
      },
      fieldValues: (name) => this.valuesAcrossEntries(entry, name),
      current: () => current,
      column: (name) => (choice === undefined ? '' : name === 'name' ? choice.name : (choice.filters[name] ?? '')),
    };
  }

  /**
   * count() and sum(): the answers to a question (or the entries of a repeat)
   * within the nearest entry that contains them all. From the top of the form
   * that is every entry; from inside an outer repeat, the entries under it.
   */
  private valuesAcrossEntries(from: Entry, name: string): Value[] {
    const target = this.form.byName.get(name);
    if (!target) return [];
    const enclosing: RepeatNode[] = [];
    for (let repeat = target.repeat; repeat; repeat = repeat.repeat) enclosing.unshift(repeat);
    let start: Entry = from;
    while (start.repeat && !enclosing.includes(start.repeat)) start = start.parent!;
    let entries = [start];
    const remaining = enclosing.slice(start.repeat ? enclosing.indexOf(start.repeat) + 1 : 0);
    if (target.kind === 'repeat') remaining.push(target);
    for (const repeat of remaining) entries = entries.flatMap((entry) => entry.repeats.get(repeat.name) ?? []);
    if (target.kind === 'repeat') return entries.map(() => '');
    if (target.kind !== 'question' && target.kind !== 'calculate') return [];
    return entries.map((entry) => answerToValue(valueTypeOf(target), entry.values.get(name)));
  }

  private validate(entry: Entry, nodes: readonly FormNode[], errors: FieldError[]) {
    if (entry.problem) errors.push({ path: entry.path, code: 'type', message: MESSAGES[entry.problem] });
    for (const node of nodes) {
      if (!entry.isRelevant(node)) continue;
      if (node.kind === 'group') {
        this.validate(entry, node.children, errors);
      } else if (node.kind === 'repeat') {
        const problem = entry.problems.get(node.name);
        if (problem) errors.push({ path: entry.pathOf(node.name), code: 'type', message: MESSAGES[problem] });
        for (const child of entry.repeats.get(node.name) ?? []) this.validate(child, node.children, errors);
      } else if (node.kind === 'question') {
        const error = this.checkAnswer(node, entry);
        if (error) errors.push({ path: entry.pathOf(node.name), ...error });
      }
    }
  }

  private checkAnswer(node: QuestionNode, entry: Entry): Omit<FieldError, 'path'> | null {
    // A registry value is not the worker's to correct here; it is shown as it is.
    if (this.prefilled.has(node)) return null;
    const problem = entry.problems.get(node.name);
    if (problem) return { code: 'type', message: MESSAGES[problem] };
    const value = entry.values.get(node.name) ?? null;
    if (isEmptyAnswer(value)) return this.isRequired(node, entry) ? { code: 'required', message: MESSAGES.required } : null;
    if (node.choices) {
      const selected = Array.isArray(value) ? value : [String(value)];
      const known = new Set(node.choices.map((choice) => choice.name));
      if (selected.some((name) => !known.has(name))) return { code: 'type', message: MESSAGES.notAChoice };
      const offered = new Set(this.choicesOnOffer(node, entry).map((choice) => choice.name));
      if (selected.some((name) => !offered.has(name))) return { code: 'constraint', message: MESSAGES.filteredOut };
    }
    if (node.constraint && !evaluateBoolean(node.constraint, this.environment(entry, answerToValue(node.type, value)))) {
      return { code: 'constraint', message: authorOrDefault(this.interpolate(node.constraintMessage, entry), MESSAGES.constraint) };
    }
    return null;
  }

  private isRequired(node: QuestionNode, entry: Entry): boolean {
    return typeof node.required === 'boolean' ? node.required : evaluateBoolean(node.required, this.environment(entry));
  }

  private choicesOnOffer(node: QuestionNode, entry: Entry): Choice[] {
    const choices = node.choices ?? [];
    const filter = node.choiceFilter;
    if (!filter) return choices;
    return choices.filter((choice) => evaluateBoolean(filter, this.environment(entry, '', choice)));
  }

  private interpolate(template: Template, entry: Entry): LocalizedText {
    const text: LocalizedText = {};
    const environment = this.environment(entry);
    for (const [language, parts] of Object.entries(template) as Array<[keyof LocalizedText, Template['zh']]>) {
      text[language] = (parts ?? []).map((part) => (typeof part === 'string' ? part : toText(environment.field(part.field)))).join('');
    }
    return text;
  }

  private write(entry: Entry, nodes: readonly FormNode[], out: Answers = {}): Answers {
    for (const node of nodes) {
      if (!entry.isRelevant(node)) continue;
      if (node.kind === 'group') this.write(entry, node.children, out);
      else if (node.kind === 'repeat') out[node.name] = (entry.repeats.get(node.name) ?? []).map((child) => this.write(child, node.children));
      else if (entry.values.has(node.name)) out[node.name] = entry.values.get(node.name) ?? null;
    }
    return out;
  }

  private present(entry: Entry, nodes: readonly FormNode[]): FormItem[] {
    const items: FormItem[] = [];
    for (const node of nodes) {
      if (!entry.isRelevant(node) || node.kind === 'calculate') continue;
      const common = {
        name: node.name,
        path: entry.pathOf(node.name),
        label: this.interpolate(node.label, entry),
        hint: this.interpolate(node.hint, entry),
        appearance: node.appearance,
      };
      if (node.kind === 'note') {
        items.push({ kind: 'note', ...common });
      } else if (node.kind === 'group') {
        items.push({ kind: 'group', ...common, items: this.present(entry, node.children) });
      } else if (node.kind === 'repeat') {
        const entries = (entry.repeats.get(node.name) ?? []).map((child) => ({ path: child.path, items: this.present(child, node.children) }));
        items.push({ kind: 'repeat', ...common, entries });
      } else {
        const prefill = this.prefilled.get(node);
        items.push({
          kind: 'question',
          ...common,
          type: node.type,
          required: this.isRequired(node, entry),
          readOnly: prefill !== undefined,
          prefill: prefill ? { source: prefill.source, asOf: prefill.asOf } : null,
          value: entry.values.get(node.name) ?? null,
          choices: node.choices && this.choicesOnOffer(node, entry).map(({ name, label }) => ({ name, label })),
        });
      }
    }
    return items;
  }
}

function valueTypeOf(node: FormNode): ValueType | 'calculate' {
  return node.kind === 'question' ? node.type : 'calculate';
}

function isAnswerObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

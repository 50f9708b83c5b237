/**
 * What an approved submission writes back to the registry.
 *
 * A three-way comparison per bound question, between the answer, the registry
 * value when the form was opened (the pre-fill snapshot) and the registry
 * value now:
 *
 * - answer = value at opening: the worker learned nothing new (a read-only
 *   pre-fill); nothing to write;
 * - answer = value now: the registry already says so; nothing to write;
 * - registry unchanged since opening: write the answer;
 * - registry changed since opening, to something else: a conflict. Someone
 *   else recorded a different value meanwhile; it is flagged for review and
 *   never overwritten.
 *
 * An empty or irrelevant answer writes nothing: a form adds facts to the
 * registry, it never deletes them.
 */
import { coerceAnswer, isEmptyAnswer, type AnswerValue, type Answers } from './answers.js';
import type { CompiledForm, QuestionNode } from './compile.js';
import { asCompiled, type PrefillSnapshot, type RegistryValue } from './session.js';
import type { FormSpec } from './spec.js';

export interface RegistryWrite {
  /** The registry field, e.g. `person.phone`. */
  field: string;
  value: AnswerValue;
  /** The question that supplied it, for provenance. */
  question: string;
}

export interface WriteBackConflict {
  field: string;
  question: string;
  answer: AnswerValue;
  /** The registry value when the form was opened (null: there was none). */
  openedValue: RegistryValue;
  currentValue: RegistryValue;
}

export interface WriteBackPlan {
  writes: RegistryWrite[];
  conflicts: WriteBackConflict[];
}

/**
 * @param answers the stored answers of the approved submission (as returned by validateSubmission)
 * @param prefillSnapshot the registry values the form was opened with
 * @param currentRegistryValues the registry values now, keyed by registry field; a missing field has no value
 */
export function bindingsToWriteBack(
  form: FormSpec | CompiledForm,
  answers: Answers,
  prefillSnapshot: PrefillSnapshot,
  currentRegistryValues: Readonly<Record<string, RegistryValue | undefined>>,
): WriteBackPlan {
  const plan: WriteBackPlan = { writes: [], conflicts: [] };
  for (const node of asCompiled(form).bindings) {
    const field = node.registryField!;
    const stored = coerceAnswer(node.type, Object.hasOwn(answers, node.name) ? answers[node.name] : null);
    if (!stored.ok || isEmptyAnswer(stored.value)) continue;
    const answer = canonical(node, stored.value);
    const openedValue = Object.hasOwn(prefillSnapshot, field) ? prefillSnapshot[field].value : null;
    const currentValue = Object.hasOwn(currentRegistryValues, field) ? (currentRegistryValues[field] ?? null) : null;
    const opened = canonical(node, openedValue);
    const current = canonical(node, currentValue);
    if (same(answer, opened) || same(answer, current)) continue;
    if (same(opened, current)) plan.writes.push({ field, value: stored.value!, question: node.name });
    else plan.conflicts.push({ field, question: node.name, answer: stored.value!, openedValue, currentValue });
  }
  return plan;
}

/**
 * A value in the question's stored form, so that the registry's 2 and the
 * answer "2", or tags in another order, compare equal. A registry value that
 * is not a valid answer for the question stays as JSON text: it can only
 * equal itself.
 */
function canonical(node: QuestionNode, value: unknown): AnswerValue | null {
  const coerced = coerceAnswer(node.type, value);
  if (!coerced.ok) return JSON.stringify(value);
  if (isEmptyAnswer(coerced.value)) return null;
  return Array.isArray(coerced.value) ? [...coerced.value].sort() : coerced.value;
}

function same(a: AnswerValue | null, b: AnswerValue | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

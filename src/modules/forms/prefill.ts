/**
 * Registry values for a form's bound questions, in the form's terms: what a
 * form pre-fills when it is opened (with each value's source and date, as the
 * caller may see it), and what the registry holds now when a submission is
 * approved and compared with what it held then.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Catalogue } from '../registry/catalogue/catalogue.js';
import type { Disclosure } from '../registry/disclosure.js';
import { recordFieldValues } from '../registry/field-visit.js';
import type { FieldView } from '../registry/provenance.js';
import type { FormBindings } from './bindings.js';
import type { Subject } from './repo.js';
import type { PrefillEntry, PrefillSnapshot, RegistryValue } from './engine/index.js';

/**
 * The pre-fill of a form opened on the record (a person, household or
 * dwelling). With a disclosure, values the caller may not see are left out
 * (the worker then supplies them, and approval flags any difference as a
 * conflict instead of overwriting) and identity numbers and phones are masked
 * as on the record's page.
 */
export async function registrySnapshot(
  db: Kysely<DB>,
  catalogue: Catalogue,
  bindings: FormBindings,
  subject: Subject,
  disclosure: Disclosure,
): Promise<PrefillSnapshot> {
  const views = disclosure.fields(await recordFieldValues(db, catalogue, subject, bindings.registryFields()));
  const snapshot: Record<string, PrefillEntry> = {};
  for (const [binding, view] of viewsByBinding(bindings, views)) {
    const value = bindings.toAnswer(binding, view.value);
    if (isEmpty(value)) continue;
    snapshot[binding] = { value, source: sourceOf(view), asOf: asOfOf(view) };
  }
  return snapshot;
}

/** What the registry holds now for each binding, unmasked: write-back compares it with the snapshot. */
export async function currentRegistryValues(db: Kysely<DB>, catalogue: Catalogue, bindings: FormBindings, subject: Subject): Promise<Record<string, RegistryValue>> {
  const views = await recordFieldValues(db, catalogue, subject, bindings.registryFields());
  const current: Record<string, RegistryValue> = {};
  for (const [binding, view] of viewsByBinding(bindings, views)) current[binding] = bindings.toAnswer(binding, view.value);
  return current;
}

function viewsByBinding(bindings: FormBindings, views: readonly FieldView[]): Array<[string, FieldView]> {
  const byField = new Map(views.map((view) => [view.field, view]));
  return bindings.bindings().flatMap((binding) => {
    const view = byField.get(bindings.fieldOf(binding)!.key);
    return view ? [[binding, view] as [string, FieldView]] : [];
  });
}

/** The sources the value comes from (several for a union such as tags), as their names read. */
function sourceOf(view: FieldView): string {
  return [...new Set(view.from.map((claim) => claim.source.name))].join('、');
}

/** When the value was last said to be true by a source it comes from. */
function asOfOf(view: FieldView): string {
  return view.from.map((claim) => claim.observedAt).sort().at(-1) ?? '';
}

function isEmpty(value: RegistryValue): boolean {
  return value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

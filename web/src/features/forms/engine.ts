/**
 * The server's form engine, run in the browser: the same code decides what is
 * shown, what is relevant and what is wrong while the worker types, so the
 * server's check on submission holds no surprises. It is pure TypeScript and
 * needs only zod; the XLSX reader (exceljs) is not imported here.
 */
export { compileForm, type CompiledForm } from '../../../../src/modules/forms/engine/compile';
export {
  evaluateForm,
  type FieldError,
  type FormItem,
  type FormState,
  type PrefillEntry,
  type PrefillSnapshot,
} from '../../../../src/modules/forms/engine/session';
export type { Answers, AnswerValue } from '../../../../src/modules/forms/engine/answers';
export type { FormSpec, LocalizedText } from '../../../../src/modules/forms/engine/spec';

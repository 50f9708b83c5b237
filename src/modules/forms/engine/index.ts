/**
 * The collection-form engine (采集表): pure functions over form definitions and
 * answers, with no database or HTTP. The forms module stores specs and
 * submissions and calls these.
 */
export type { Answers, AnswerValue, ValueType } from './answers.js';
export {
  compileForm,
  parseFormSpec,
  type Choice,
  type CompileOptions,
  type CompiledForm,
  type FormNode,
  type QuestionNode,
  type RegistryFieldKind,
} from './compile.js';
export { checkExpression, type CheckScope, type ExpressionRole } from './expression/check.js';
export { evaluate, type Environment } from './expression/evaluate.js';
export { ExpressionError, parseExpression, type Expr } from './expression/parser.js';
export { FormSpecError, formatIssue, type SpecIssue } from './issues.js';
export { MESSAGES, type Message } from './messages.js';
export {
  evaluateForm,
  validateSubmission,
  type FieldError,
  type FieldErrorCode,
  type FormItem,
  type FormState,
  type PrefillEntry,
  type PrefillSnapshot,
  type RegistryValue,
  type SessionOptions,
  type SubmissionCheck,
} from './session.js';
export { FORM_SUBJECTS, formSpecSchema, type ChoiceRow, type FormSettings, type FormSpec, type FormSubject, type Language, type LocalizedText, type QuestionType, type SurveyRow } from './spec.js';
export { bindingsToWriteBack, type RegistryWrite, type WriteBackConflict, type WriteBackPlan } from './write-back.js';
export { readXlsForm, writeXlsForm, type ReadXlsFormOptions } from './xlsform.js';

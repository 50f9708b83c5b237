// The collection-form API's shapes as the UI uses them (src/modules/forms/schemas.ts).
import type { Answers, FieldError, FormSpec, PrefillEntry } from './engine';

export type SubmissionStatus = 'draft' | 'submitted' | 'approved' | 'returned';
export type ConflictStatus = 'open' | 'answer_recorded' | 'registry_kept';
export type RegistryValue = string | number | boolean | string[] | null;

export interface Message {
  zh: string;
  en: string;
}

/** What a form is opened on. */
export type SubjectType = 'person' | 'household' | 'dwelling';

export interface FormSummary {
  id: string;
  formKey: string;
  version: number;
  title: string;
  specVersion: string | null;
  status: 'active' | 'retired';
  subjectType: SubjectType;
  ownerDepartment: { code: string; name: string };
  fileName: string | null;
  publishedAt: string;
  publishedBy: string | null;
  questionCount: number;
  bindings: Array<{ question: string; field: string }>;
}

export interface PublishOutcome {
  form: FormSummary;
  created: boolean;
  unmappedChoices: Array<{ question: string; field: string; choices: string[] }>;
}

export interface SpecIssue {
  sheet: 'survey' | 'choices' | 'settings' | null;
  row?: number;
  column?: string;
  position?: number;
  message: string;
}

export interface SubmissionSummary {
  id: string;
  status: SubmissionStatus;
  form: { id: string; formKey: string; title: string; version: number };
  /** name: the person's, or a household's head's; none for a dwelling. */
  subject: { type: SubjectType; id: string; name: string | null; address: string | null };
  worker: { id: string; name: string };
  openedAt: string;
  savedAt: string;
  submittedAt: string | null;
  reviewedAt: string | null;
  reviewer: string | null;
}

export interface ConflictView {
  id: string;
  submissionId: string;
  status: ConflictStatus;
  form: { id: string; title: string };
  subject: { type: SubjectType; id: string; name: string | null };
  question: string;
  questionLabel: { zh?: string; en?: string };
  field: string;
  answer: RegistryValue;
  openedValue: RegistryValue;
  currentValue: RegistryValue;
  worker: string;
  submittedAt: string | null;
  createdAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolutionComment: string | null;
}

export interface SubmissionView extends SubmissionSummary {
  spec: FormSpec;
  prefill: Record<string, PrefillEntry>;
  /** Labels of registry codes a pre-filled select shows that the form has no choice for, by question. */
  prefillLabels: Record<string, Record<string, Message>>;
  answers: Answers;
  events: Array<{ action: 'opened' | 'submitted' | 'returned' | 'approved'; actor: string; at: string; comment: string | null }>;
  writeBack: {
    written: Array<{ question: string; field: string; value: RegistryValue }>;
    conflicts: number;
    notWritten: Array<{ question: string; field: string; values: string[] }>;
  } | null;
  conflicts: ConflictView[];
  canEdit: boolean;
  canReview: boolean;
  serverTime: string;
}

/** A person as the registry search lists them (masked for lists). */
export interface PersonItem {
  id: string;
  name: string;
  idNumber: string | null;
  sex: string | null;
  birthDate: string | null;
  address: string | null;
  householdId: string | null;
  /** The dwelling the registry places the person at (where they live). */
  dwellingId: string | null;
}

export type { FieldError };

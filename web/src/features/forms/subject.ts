// How the record a form was opened on is named in lists and headings.
import type { Messages } from '../../i18n/zh-CN';
import type { SubjectType } from './types';

export function subjectLabel(t: Messages, subject: { type: SubjectType; id: string; name: string | null; address?: string | null }): string {
  switch (subject.type) {
    case 'person':
      return subject.name ?? subject.id;
    case 'household':
      return t.forms.subject.household(subject.name ?? subject.id);
    case 'dwelling':
      return subject.address ?? t.forms.subject.dwelling(subject.id);
  }
}

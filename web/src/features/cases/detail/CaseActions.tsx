import { Button, Flex, Form } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../i18n';
import { transitionCase } from '../api';
import { TextPrompt } from '../TextPrompt';
import type { CaseAction, CaseDetail, TransitionBody } from '../types';
import { HandlePrompt } from './HandlePrompt';
import { MergePrompt } from './MergePrompt';
import { toUnitRef, UnitSelect } from './UnitSelect';

/** A reporter's own steps (confirm, reopen) are taken on the resident pages, so a staff member who also reported sees only staff steps. */
type StaffAction = Exclude<CaseAction, 'confirm' | 'reopen'>;
const isStaffAction = (action: CaseAction): action is StaffAction => action !== 'confirm' && action !== 'reopen';

/** Steps that carry the case along the main road, shown as primary buttons. */
const FORWARD: readonly StaffAction[] = ['register', 'dispatch', 'sign_for', 'start', 'handle', 'verify', 'close', 'reassign', 'approve_suspension', 'resume'];
/** Refusals, shown in red. */
const REFUSALS: readonly StaffAction[] = ['decline', 'return', 'reject_handling'];
/** Steps the server refuses without a reason; the rest take an optional note. */
const NEEDS_REASON: readonly StaffAction[] = ['decline', 'return', 'send_back', 'request_suspension', 'reject_suspension', 'reject_handling', 'reassign'];

/**
 * The workflow steps this user may take on the case now, as the server lists
 * them (`availableActions`: the transition table applied to the user's
 * relation to the case). Each asks for what the step needs and reloads the
 * case when done.
 */
export function CaseActions({ detail, onDone }: { detail: CaseDetail; onDone(): void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<StaffAction | null>(null);
  const actions = detail.availableActions.filter(isStaffAction);
  if (actions.length === 0) return null;

  const send = async (body: TransitionBody) => {
    await transitionCase(detail.id, body);
    onDone();
  };
  const close = () => setOpen(null);

  return (
    <Flex gap={8} wrap data-testid="case-actions">
      {actions.map((action) => (
        <Button
          key={action}
          type={FORWARD.includes(action) ? 'primary' : 'default'}
          danger={REFUSALS.includes(action)}
          onClick={() => setOpen(action)}
          data-testid={`action-${action}`}
        >
          {t.cases.actions.names[action]}
        </Button>
      ))}
      {open === 'handle' && <HandlePrompt caseId={detail.id} onSend={send} onClose={close} />}
      {open === 'merge' && <MergePrompt detail={detail} onSend={send} onClose={close} />}
      {open && open !== 'handle' && open !== 'merge' && (
        <TextPrompt
          open
          title={t.cases.actions.names[open]}
          label={open === 'dispatch' ? t.cases.actions.dispatchReason : NEEDS_REASON.includes(open) ? t.cases.actions.reason : t.cases.actions.note}
          required={NEEDS_REASON.includes(open)}
          onSubmit={({ text, unit }) => send(bodyFor(open, text, typeof unit === 'string' ? unit : undefined))}
          onClose={close}
        >
          {(open === 'dispatch' || open === 'reassign') && (
            <Form.Item
              name="unit"
              label={t.cases.actions.unit}
              extra={open === 'dispatch' ? t.cases.actions.dispatchHint(detail.unit?.name ?? '—') : undefined}
              rules={open === 'reassign' ? [{ required: true, message: t.cases.actions.unitRequired }] : []}
            >
              <UnitSelect />
            </Form.Item>
          )}
        </TextPrompt>
      )}
    </Flex>
  );
}

/** The request body of a step that takes a text and, for dispatch and reassign, a unit. */
function bodyFor(action: Exclude<StaffAction, 'handle' | 'merge'>, text: string | undefined, unit: string | undefined): TransitionBody {
  switch (action) {
    case 'dispatch':
      // Another unit than the list names needs a reason; the routed unit takes a note.
      return unit ? { action, unit: toUnitRef(unit), reason: text } : { action, note: text };
    case 'reassign':
      return { action, unit: toUnitRef(unit ?? ''), reason: text ?? '' };
    case 'decline':
    case 'return':
    case 'send_back':
    case 'request_suspension':
    case 'reject_suspension':
    case 'reject_handling':
      return { action, reason: text ?? '' };
    default:
      return { action, note: text };
  }
}

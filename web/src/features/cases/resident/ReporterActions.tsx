import { Button, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../i18n';
import { reporterTransition } from '../api';
import { TextPrompt } from '../TextPrompt';
import type { MyCase } from '../types';

type ReporterAction = 'confirm' | 'reject_handling' | 'reopen';

/**
 * What a reporter may do once the unit has handled the case: confirm it is
 * solved, say it is not (back to the unit), or reopen a closed case within
 * the window. Which of these apply comes from the server.
 */
export function ReporterActions({ myCase, onDone }: { myCase: MyCase; onDone(): void }) {
  const { t, formatDateTime } = useI18n();
  const [open, setOpen] = useState<ReporterAction | null>(null);
  const offered = (['confirm', 'reject_handling', 'reopen'] as const).filter((action) => myCase.availableActions.includes(action));
  if (offered.length === 0) return null;

  async function send(action: ReporterAction, text: string | undefined) {
    await reporterTransition(myCase.id, action === 'confirm' ? { action, note: text } : { action, reason: text ?? '' });
    onDone();
  }

  return (
    <Flex vertical gap={8}>
      <Flex gap={8} wrap>
        {offered.map((action) => (
          <Button key={action} type={action === 'confirm' ? 'primary' : 'default'} onClick={() => setOpen(action)} data-testid={`reporter-${action}`}>
            {t.cases.reporter[action]}
          </Button>
        ))}
      </Flex>
      {offered.includes('reopen') && myCase.reopenUntil && (
        <Typography.Text type="secondary">{t.cases.reporter.reopenUntil(formatDateTime(myCase.reopenUntil))}</Typography.Text>
      )}
      {open && (
        <TextPrompt
          open
          title={t.cases.reporter[open]}
          label={open === 'confirm' ? t.cases.actions.note : t.cases.actions.reason}
          required={open !== 'confirm'}
          onSubmit={({ text }) => send(open, text)}
          onClose={() => setOpen(null)}
        />
      )}
    </Flex>
  );
}

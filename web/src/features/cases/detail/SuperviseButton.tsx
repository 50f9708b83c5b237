import { AlertOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../i18n';
import { superviseCase } from '../api';
import { TextPrompt } from '../TextPrompt';

/** 督办: a street or a leader puts the case under supervision with a note to the responsible unit. */
export function SuperviseButton({ caseId, onDone }: { caseId: string; onDone(): void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<AlertOutlined />} onClick={() => setOpen(true)} data-testid="supervise">
        {t.cases.supervise.button}
      </Button>
      {open && (
        <TextPrompt
          open
          title={t.cases.supervise.button}
          label={t.cases.supervise.note}
          required
          onSubmit={async ({ text }) => {
            await superviseCase(caseId, text ?? '');
            onDone();
          }}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}

import { BulbOutlined } from '@ant-design/icons';
import { Button, Form } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../i18n';
import { useJurisdictions } from '../../org/JurisdictionContext';
import { proposeRule } from '../api';
import { TextPrompt } from '../TextPrompt';
import type { RuleUnit } from '../types';
import { UnitSelect } from './UnitSelect';

/**
 * The hub street (首接负责) took a case the responsibility list does not cover:
 * it proposes the unit such cases should go to, for whoever maintains the list.
 * Once proposed, the case shows the proposal waiting instead (the server says
 * so, whoever opens the case and however often it is reloaded).
 */
export function ProposeRuleButton({ caseId, onDone }: { caseId: string; onDone(): void }) {
  const { t } = useI18n();
  const { items } = useJurisdictions();
  const [open, setOpen] = useState(false);
  const toRuleUnit = (value: string): RuleUnit => {
    const [kind, code] = value.split(':');
    if (kind === 'department') return { kind: 'department', departmentCode: code };
    return { kind: items.find((item) => item.code === code)?.level === 'street' ? 'street' : 'community', jurisdictionCode: code };
  };
  return (
    <>
      <Button size="small" icon={<BulbOutlined />} onClick={() => setOpen(true)} data-testid="propose-rule">
        {t.cases.proposals.propose}
      </Button>
      {open && (
        <TextPrompt
          open
          title={t.cases.proposals.propose}
          label={t.cases.proposals.reason}
          required
          onSubmit={async ({ text, unit }) => {
            await proposeRule(caseId, { unit: toRuleUnit(String(unit)), reason: text ?? '' });
            onDone();
          }}
          onClose={() => setOpen(false)}
        >
          <Form.Item name="unit" label={t.cases.proposals.unit} rules={[{ required: true, message: t.cases.proposals.unitRequired }]} extra={t.cases.proposals.hint}>
            <UnitSelect />
          </Form.Item>
        </TextPrompt>
      )}
    </>
  );
}

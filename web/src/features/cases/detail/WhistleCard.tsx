import { SoundOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Flex, Form, Rate, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useRequest } from '../../../hooks/useRequest';
import { useI18n } from '../../../i18n';
import { useSignedIn } from '../../auth/session';
import { listDepartments } from '../../org/api';
import { blowWhistle, recordSummonsAction, reportToWhistle, scoreSummons } from '../api';
import { Countdown } from '../Countdown';
import { TextPrompt } from '../TextPrompt';
import { FINISHED_STATUSES, type CaseDetail, type Summons, type Whistle } from '../types';
import type { WorkingCalendar } from '../workingTime';

type SummonsStep = { summons: Summons; step: 'report' | 'action' | 'score' };

/**
 * 街乡吹哨、部门报到: the street or community summons departments; each
 * reports (报到) within the limit and says what it did; the street rates each
 * response. Everyone handling the case sees who came, when, and what they did.
 */
export function WhistleCard({ detail, calendar, onDone }: { detail: CaseDetail; calendar: WorkingCalendar | null; onDone(): void }) {
  const { t } = useI18n();
  const { grant } = useSignedIn();
  const [blowing, setBlowing] = useState(false);
  const [step, setStep] = useState<SummonsStep | null>(null);
  const mayBlow = detail.myRoles.includes('dispatcher') && !FINISHED_STATUSES.includes(detail.status);
  if (detail.whistles.length === 0 && !mayBlow) return null;

  const mayScore = grant.role === 'street_staff' || grant.role === 'community_staff';
  const ownDepartment = (summons: Summons) => grant.role === 'department_staff' && grant.department?.id === summons.department.id;

  async function sendStep({ text, score }: { text?: string; score?: unknown }) {
    if (!step) return;
    const { summons } = step;
    if (step.step === 'report') await reportToWhistle(detail.id, summons.id, text ?? '');
    if (step.step === 'action') await recordSummonsAction(detail.id, summons.id, text ?? '');
    if (step.step === 'score') await scoreSummons(detail.id, summons.id, { score: Number(score), note: text });
    onDone();
  }

  return (
    <Card
      size="small"
      title={t.cases.whistle.title}
      extra={
        mayBlow && (
          <Button icon={<SoundOutlined />} onClick={() => setBlowing(true)} data-testid="whistle-blow">
            {t.cases.whistle.blow}
          </Button>
        )
      }
      data-testid="whistle-card"
    >
      <Flex vertical gap={16}>
        {detail.whistles.length === 0 && <Typography.Text type="secondary">{t.cases.whistle.none}</Typography.Text>}
        {detail.whistles.map((whistle) => (
          <WhistleView
            key={whistle.id}
            whistle={whistle}
            calendar={calendar}
            stepsFor={(summons) => [
              ...(ownDepartment(summons) && !summons.reportedAt ? (['report'] as const) : []),
              ...(ownDepartment(summons) && summons.reportedAt && !summons.actedAt ? (['action'] as const) : []),
              ...(mayScore && summons.reportedAt && summons.score === null ? (['score'] as const) : []),
            ]}
            onStep={(summons, next) => setStep({ summons, step: next })}
          />
        ))}
      </Flex>
      {blowing && <BlowPrompt caseId={detail.id} onDone={onDone} onClose={() => setBlowing(false)} />}
      {step && (
        <TextPrompt
          open
          title={`${t.cases.whistle.steps[step.step]} · ${step.summons.department.name}`}
          label={step.step === 'score' ? t.cases.actions.note : t.cases.whistle.stepLabel[step.step]}
          required={step.step !== 'score'}
          onSubmit={sendStep}
          onClose={() => setStep(null)}
        >
          {step.step === 'score' && (
            <Form.Item name="score" label={t.cases.whistle.score} rules={[{ required: true, message: t.cases.whistle.scoreRequired }]}>
              <Rate />
            </Form.Item>
          )}
        </TextPrompt>
      )}
    </Card>
  );
}

interface WhistleViewProps {
  whistle: Whistle;
  calendar: WorkingCalendar | null;
  stepsFor(summons: Summons): ReadonlyArray<SummonsStep['step']>;
  onStep(summons: Summons, step: SummonsStep['step']): void;
}

function WhistleView({ whistle, calendar, stepsFor, onStep }: WhistleViewProps) {
  const { t, formatDateTime } = useI18n();
  return (
    <Flex vertical gap={8}>
      <Typography.Text>
        <Typography.Text strong>{whistle.blownBy}</Typography.Text> · {formatDateTime(whistle.blownAt)} · {whistle.reason}
      </Typography.Text>
      {whistle.summons.map((summons) => (
        <Card key={summons.id} size="small" type="inner" title={summons.department.name} data-testid="summons">
          <Descriptions
            size="small"
            column={1}
            items={[
              {
                key: 'report',
                label: t.cases.whistle.reported,
                children: summons.reportedAt ? (
                  <>
                    <Tag color={summons.reportedOnTime ? 'success' : 'error'}>
                      {summons.reportedOnTime ? t.cases.whistle.onTime : t.cases.whistle.late}
                    </Tag>
                    {formatDateTime(summons.reportedAt)} · {summons.reportedBy} · {summons.reportNote}
                  </>
                ) : (
                  <Countdown dueAt={summons.reportDueAt} calendar={calendar} />
                ),
              },
              {
                key: 'action',
                label: t.cases.whistle.acted,
                children: summons.actedAt ? `${formatDateTime(summons.actedAt)} · ${summons.actedBy} · ${summons.actionNote}` : '—',
              },
              {
                key: 'score',
                label: t.cases.whistle.score,
                children: summons.score !== null ? <Rate disabled value={summons.score} /> : '—',
              },
              ...(summons.scoreNote ? [{ key: 'scoreNote', label: t.cases.actions.note, children: summons.scoreNote }] : []),
            ]}
          />
          <Flex gap={8} wrap>
            {stepsFor(summons).map((step) => (
              <Button key={step} size="small" type="primary" onClick={() => onStep(summons, step)} data-testid={`summons-${step}`}>
                {t.cases.whistle.steps[step]}
              </Button>
            ))}
          </Flex>
        </Card>
      ))}
    </Flex>
  );
}

function BlowPrompt({ caseId, onDone, onClose }: { caseId: string; onDone(): void; onClose(): void }) {
  const { t } = useI18n();
  const { data: departments, loading } = useRequest((signal) => listDepartments(signal), []);
  return (
    <TextPrompt
      open
      title={t.cases.whistle.blow}
      label={t.cases.actions.reason}
      required
      onSubmit={async ({ text, departmentCodes }) => {
        await blowWhistle(caseId, { departmentCodes: departmentCodes as string[], reason: text ?? '' });
        onDone();
      }}
      onClose={onClose}
    >
      <Form.Item name="departmentCodes" label={t.cases.whistle.departments} rules={[{ required: true, message: t.cases.whistle.departmentsRequired }]}>
        <Select
          mode="multiple"
          loading={loading}
          showSearch={{ optionFilterProp: 'label' }}
          options={(departments ?? []).map((department) => ({ value: department.code, label: department.name }))}
        />
      </Form.Item>
    </TextPrompt>
  );
}

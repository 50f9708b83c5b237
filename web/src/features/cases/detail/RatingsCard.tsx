import { Button, Card, Descriptions, Divider, Flex, Form, Radio, Tag } from 'antd';
import { Fragment, useState } from 'react';
import { useI18n } from '../../../i18n';
import { recordCallback, rectify } from '../api';
import { Countdown } from '../Countdown';
import { RatingSummary } from '../RatingSummary';
import { TextPrompt } from '../TextPrompt';
import type { CaseDetail, Rectification } from '../types';
import type { WorkingCalendar } from '../workingTime';

type RectificationStep = { rectification: Rectification; step: 'rectify' | 'callback' };

/**
 * The reporters' ratings and, for every 不满意 / 非常不满意, the rectification
 * it opened: the unit reports what it put right, the community or street
 * calls the reporter back, and only that closes it.
 */
export function RatingsCard({ detail, calendar, onDone }: { detail: CaseDetail; calendar: WorkingCalendar | null; onDone(): void }) {
  const { t, formatDateTime } = useI18n();
  const [step, setStep] = useState<RectificationStep | null>(null);
  if (detail.ratings.length === 0) return null;
  const isAssignee = detail.myRoles.includes('assignee');
  const isDispatcher = detail.myRoles.includes('dispatcher');

  async function send({ text, satisfied }: { text?: string; satisfied?: unknown }) {
    if (!step) return;
    if (step.step === 'rectify') await rectify(detail.id, step.rectification.id, text ?? '');
    else await recordCallback(detail.id, step.rectification.id, { note: text ?? '', satisfied: satisfied === true });
    onDone();
  }

  return (
    <Card size="small" title={t.cases.rating.staffTitle}>
      {detail.ratings.map((rating, index) => {
        const rectification = detail.rectifications.find((each) => each.ratingId === rating.id);
        return (
          <Fragment key={rating.id}>
            {index > 0 && <Divider />}
            <RatingSummary rating={rating} />
            {rectification && (
              <Flex vertical gap={8}>
                <Descriptions
                  size="small"
                  column={1}
                  title={t.cases.rectification.title(rectification.unitName)}
                  items={[
                    {
                      key: 'due',
                      label: t.cases.rectification.due,
                      children: rectification.callbackAt ? formatDateTime(rectification.dueAt) : <Countdown dueAt={rectification.dueAt} calendar={calendar} />,
                    },
                    {
                      key: 'rectified',
                      label: t.cases.rectification.rectified,
                      children: rectification.rectifiedAt ? `${formatDateTime(rectification.rectifiedAt)} · ${rectification.rectificationNote}` : '—',
                    },
                    {
                      key: 'callback',
                      label: t.cases.rectification.callback,
                      children: rectification.callbackAt ? (
                        <>
                          <Tag color={rectification.callbackSatisfied ? 'success' : 'error'}>
                            {rectification.callbackSatisfied ? t.cases.rectification.satisfied : t.cases.rectification.unsatisfied}
                          </Tag>
                          {formatDateTime(rectification.callbackAt)} · {rectification.callbackNote}
                        </>
                      ) : (
                        '—'
                      ),
                    },
                  ]}
                />
                <Flex gap={8}>
                  {isAssignee && !rectification.rectifiedAt && (
                    <Button type="primary" onClick={() => setStep({ rectification, step: 'rectify' })}>
                      {t.cases.rectification.rectify}
                    </Button>
                  )}
                  {isDispatcher && rectification.rectifiedAt && !rectification.callbackAt && (
                    <Button type="primary" onClick={() => setStep({ rectification, step: 'callback' })}>
                      {t.cases.rectification.callBack}
                    </Button>
                  )}
                </Flex>
              </Flex>
            )}
          </Fragment>
        );
      })}
      {step && (
        <TextPrompt
          open
          title={step.step === 'rectify' ? t.cases.rectification.rectify : t.cases.rectification.callBack}
          label={step.step === 'rectify' ? t.cases.rectification.whatWasDone : t.cases.rectification.whatReporterSaid}
          required
          onSubmit={send}
          onClose={() => setStep(null)}
        >
          {step.step === 'callback' && (
            <Form.Item name="satisfied" label={t.cases.rectification.reporterSatisfied} rules={[{ required: true, message: t.cases.rating.answerRequired }]}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: true, label: t.cases.rating.yes },
                  { value: false, label: t.cases.rating.no },
                ]}
              />
            </Form.Item>
          )}
        </TextPrompt>
      )}
    </Card>
  );
}

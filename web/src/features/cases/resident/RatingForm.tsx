import { Button, Flex, Form, Input, Radio, Rate } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../i18n';
import { rateMyCase } from '../api';
import { ONLINE_INDICATORS, RATING_LEVELS, type OnlineIndicator, type RatingInput } from '../types';

interface RatingFields {
  overall: number;
  indicators?: Partial<Record<OnlineIndicator, number>>;
  solved: boolean;
  contacted: boolean;
  comment?: string;
}

/**
 * 好差评 by the reporter (an online evaluation, GB/T 39734-2020): the five
 * levels, the four standard sub-indicators, whether the problem is solved and
 * whether the unit got in touch. A 不满意 or 非常不满意 opens a rectification.
 */
export function RatingForm({ caseId, onRated }: { caseId: string; onRated(rectificationOpened: boolean): void }) {
  const { t } = useI18n();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const levelNames = RATING_LEVELS.map((level) => t.cases.rating.levels[level]).reverse();

  async function submit(fields: RatingFields) {
    setSending(true);
    setError(null);
    const indicators = Object.fromEntries(Object.entries(fields.indicators ?? {}).filter(([, level]) => typeof level === 'number' && level > 0));
    const body: RatingInput = {
      overall: fields.overall,
      indicators: Object.keys(indicators).length > 0 ? (indicators as Record<string, number>) : undefined,
      solved: fields.solved,
      contacted: fields.contacted,
      comment: fields.comment?.trim() || undefined,
    };
    try {
      const result = await rateMyCase(caseId, body);
      onRated(result.rectificationId !== null);
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  }

  const yesNo = [
    { value: true, label: t.cases.rating.yes },
    { value: false, label: t.cases.rating.no },
  ];

  return (
    <Form<RatingFields> layout="vertical" onFinish={submit} disabled={sending} requiredMark="optional" data-testid="rating-form">
      <Form.Item name="overall" label={t.cases.rating.overall} rules={[{ required: true, message: t.cases.rating.overallRequired }]}>
        <Radio.Group
          orientation="vertical"
          options={RATING_LEVELS.map((level) => ({ value: level, label: t.cases.rating.levels[level] }))}
          data-testid="rating-overall"
        />
      </Form.Item>
      {ONLINE_INDICATORS.map((indicator) => (
        <Form.Item key={indicator} name={['indicators', indicator]} label={t.cases.rating.indicators[indicator]} style={{ marginBottom: 8 }}>
          <Rate tooltips={levelNames} />
        </Form.Item>
      ))}
      <Form.Item name="solved" label={t.cases.rating.solved} rules={[{ required: true, message: t.cases.rating.answerRequired }]}>
        <Radio.Group options={yesNo} optionType="button" data-testid="rating-solved" />
      </Form.Item>
      <Form.Item name="contacted" label={t.cases.rating.contacted} rules={[{ required: true, message: t.cases.rating.answerRequired }]}>
        <Radio.Group options={yesNo} optionType="button" data-testid="rating-contacted" />
      </Form.Item>
      <Form.Item name="comment" label={t.cases.rating.comment}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
      </Form.Item>
      <Flex vertical gap={12}>
        {error !== null && <ErrorAlert error={error} testId="rating-error" />}
        <Button type="primary" htmlType="submit" block loading={sending} data-testid="rating-submit">
          {t.cases.rating.submit}
        </Button>
      </Flex>
    </Form>
  );
}

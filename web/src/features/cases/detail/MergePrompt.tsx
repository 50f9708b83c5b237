import { Form, Select } from 'antd';
import { useRequest } from '../../../hooks/useRequest';
import { useI18n } from '../../../i18n';
import { findDuplicates } from '../api';
import { TextPrompt } from '../TextPrompt';
import type { CaseDetail, TransitionBody } from '../types';

interface MergePromptProps {
  detail: CaseDetail;
  onSend(body: TransitionBody): Promise<void>;
  onClose(): void;
}

/** Folds this case into an open case of the same category nearby; its reporters then follow and rate that one. */
export function MergePrompt({ detail, onSend, onClose }: MergePromptProps) {
  const { t, formatDateTime } = useI18n();
  const location = detail.location;
  const { data, loading } = useRequest(
    (signal) => (location ? findDuplicates(detail.category.code, location, signal) : Promise.resolve([])),
    [detail.id],
  );
  const candidates = (data ?? []).filter((candidate) => candidate.id !== detail.id);
  return (
    <TextPrompt
      open
      title={t.cases.actions.names.merge}
      label={t.cases.actions.note}
      required={false}
      onSubmit={({ text, intoCaseId }) => onSend({ action: 'merge', intoCaseId: String(intoCaseId), note: text })}
      onClose={onClose}
    >
      <Form.Item
        name="intoCaseId"
        label={t.cases.actions.mergeInto}
        extra={!loading && candidates.length === 0 ? t.cases.actions.noDuplicates : undefined}
        rules={[{ required: true, message: t.cases.actions.mergeIntoRequired }]}
      >
        <Select
          loading={loading}
          options={candidates.map((candidate) => ({
            value: candidate.id,
            label: `${candidate.number} · ${t.cases.report.metresAway(candidate.distanceMetres)} · ${formatDateTime(candidate.submittedAt)}`,
          }))}
        />
      </Form.Item>
    </TextPrompt>
  );
}

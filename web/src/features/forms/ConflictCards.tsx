import { Button, Card, Descriptions, Empty, Flex, Input, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n';
import { resolveConflict } from './api';
import { useLocalized } from './FormFields';
import { subjectLabel } from './subject';
import type { ConflictStatus, ConflictView, RegistryValue } from './types';

const STATUS_COLORS: Record<ConflictStatus, string> = { open: 'orange', answer_recorded: 'green', registry_kept: 'default' };

const shown = (value: RegistryValue) => (value === null || value === '' ? '—' : Array.isArray(value) ? value.join('、') : String(value));

/** Answers not written because the registry changed after the form was opened: the three values side by side, and the reviewer's decision. */
export function ConflictCards({ conflicts, linkSubmission = false }: { conflicts: readonly ConflictView[]; linkSubmission?: boolean }) {
  const { t } = useI18n();
  if (conflicts.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.forms.conflicts.none} />;
  return (
    <Flex vertical gap={12}>
      {conflicts.map((conflict) => (
        <ConflictCard key={conflict.id} initial={conflict} linkSubmission={linkSubmission} />
      ))}
    </Flex>
  );
}

function ConflictCard({ initial, linkSubmission }: { initial: ConflictView; linkSubmission: boolean }) {
  const { t, formatDateTime } = useI18n();
  const text = useLocalized();
  const [conflict, setConflict] = useState(initial);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function resolve(resolution: 'record_answer' | 'keep_registry') {
    setBusy(true);
    setError(null);
    try {
      setConflict(await resolveConflict(conflict.id, resolution, comment.trim()));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }
  const title = `${subjectLabel(t, conflict.subject)} · ${text(conflict.questionLabel) || conflict.question}`;
  return (
    <Card
      size="small"
      title={linkSubmission ? <Link to={`/forms/submissions/${conflict.submissionId}`}>{title}</Link> : title}
      extra={<Tag color={STATUS_COLORS[conflict.status]}>{t.forms.conflicts.status[conflict.status]}</Tag>}
      data-testid="conflict"
    >
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t.forms.conflicts.answer}>{shown(conflict.answer)}</Descriptions.Item>
        <Descriptions.Item label={t.forms.conflicts.opened}>{shown(conflict.openedValue)}</Descriptions.Item>
        <Descriptions.Item label={t.forms.conflicts.current}>{shown(conflict.currentValue)}</Descriptions.Item>
        <Descriptions.Item label={t.forms.conflicts.collected}>
          {conflict.worker} · {conflict.form.title}
        </Descriptions.Item>
        {conflict.resolvedAt && (
          <Descriptions.Item label={t.forms.conflicts.resolved}>
            {conflict.resolvedBy} · {formatDateTime(conflict.resolvedAt)}
            {conflict.resolutionComment && <Typography.Text italic> · {conflict.resolutionComment}</Typography.Text>}
          </Descriptions.Item>
        )}
      </Descriptions>
      {conflict.status === 'open' && (
        <Flex vertical gap={8}>
          <Input value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t.forms.conflicts.commentPlaceholder} maxLength={2000} />
          {error !== null && <ErrorAlert error={error} />}
          <Flex gap={8}>
            <Button block loading={busy} onClick={() => void resolve('record_answer')} data-testid="record-answer">
              {t.forms.conflicts.recordAnswer}
            </Button>
            <Button block loading={busy} onClick={() => void resolve('keep_registry')} data-testid="keep-registry">
              {t.forms.conflicts.keepRegistry}
            </Button>
          </Flex>
          <Typography.Text type="secondary">{t.forms.conflicts.hint}</Typography.Text>
        </Flex>
      )}
    </Card>
  );
}

import { Alert, Button, Card, Descriptions, Flex, Form, Input, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRequest } from '../../hooks/useRequest';
import { useI18n } from '../../i18n';
import { approveSubmission, getSubmission, returnSubmission, submitAnswers } from './api';
import { ConflictCards } from './ConflictCards';
import type { FieldError } from './engine';
import { FormFields, useLocalized } from './FormFields';
import { SubmissionStatusTag } from './SubmissionStatusTag';
import { subjectLabel } from './subject';
import type { SubmissionView } from './types';
import { forgetUnsaved, useFormSession, type SaveState } from './useFormSession';

/** One submission: filled by its worker, reviewed by community staff, read by both afterwards. */
export default function SubmissionPage() {
  const { submissionId = '' } = useParams();
  const loaded = useRequest((signal) => getSubmission(submissionId, signal), [submissionId]);
  const [replaced, setReplaced] = useState<SubmissionView | null>(null);
  const view = replaced?.id === submissionId ? replaced : loaded.data;

  if (loaded.error !== undefined && !view) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if (!view) return <Skeleton active />;
  // A new status is a new page state: the answers are taken afresh from the server.
  return <Submission key={`${view.id}:${view.status}`} view={view} onChanged={setReplaced} />;
}

function Submission({ view, onChanged }: { view: SubmissionView; onChanged(view: SubmissionView): void }) {
  const { t, formatDateTime } = useI18n();
  const session = useFormSession(view);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const [serverErrors, setServerErrors] = useState<readonly FieldError[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const errors = useMemo(() => {
    const shown = new Map<string, FieldError>();
    for (const error of [...serverErrors, ...session.state.errors]) if (showAll || touched.has(error.path)) shown.set(error.path, error);
    return shown;
  }, [serverErrors, session.state.errors, showAll, touched]);

  const answer = (path: string, value: Parameters<typeof session.setAnswer>[1]) => {
    setTouched((before) => new Set(before).add(path));
    setServerErrors((before) => before.filter((e) => e.path !== path));
    session.setAnswer(path, value);
  };

  async function submit() {
    setShowAll(true);
    setFailure(null);
    setNotice(null);
    if (session.state.errors.length > 0) {
      setNotice(t.forms.fill.fixFirst(session.state.errors.length));
      return;
    }
    setSubmitting(true);
    try {
      const submitted = await submitAnswers(view.id, session.answers);
      forgetUnsaved(view.id);
      onChanged(submitted);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'form.answers_invalid') {
        const refused = (error.details as { errors: FieldError[] }).errors;
        setServerErrors(refused);
        setNotice(t.forms.fill.fixFirst(refused.length));
      } else {
        setFailure(error);
      }
    } finally {
      setSubmitting(false);
    }
  }

  const returned = view.status === 'returned' ? [...view.events].reverse().find((e) => e.action === 'returned') : undefined;
  return (
    <Flex vertical gap={12} style={{ maxWidth: 720 }}>
      <Flex vertical gap={4}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="submission-title">
          {view.form.title}
        </Typography.Title>
        <Space size={8} wrap>
          <Typography.Text strong data-testid="submission-subject">
            {subjectLabel(t, view.subject)}
          </Typography.Text>
          <SubmissionStatusTag status={view.status} />
        </Space>
        {view.subject.address && view.subject.type !== 'dwelling' && <Typography.Text type="secondary">{view.subject.address}</Typography.Text>}
      </Flex>
      {returned && <Alert type="warning" showIcon title={t.forms.fill.returnedBy(returned.actor)} description={returned.comment} data-testid="returned-comment" />}
      {view.canEdit && <SaveIndicator save={session.save} />}
      {view.status === 'submitted' && !view.canReview && <Alert type="success" showIcon title={t.forms.fill.awaitingReview} data-testid="awaiting-review" />}
      <Card size="small">
        <Form layout="vertical" requiredMark="optional" data-testid="submission-form" onFinish={() => void submit()}>
          <FormFields
            items={session.state.items}
            errors={errors}
            readOnly={!view.canEdit}
            prefillLabels={view.prefillLabels}
            onAnswer={answer}
            onAddEntry={session.addEntry}
            onRemoveEntry={session.removeEntry}
          />
          {notice && <Alert type="warning" showIcon title={notice} style={{ marginBottom: 8 }} data-testid="submit-notice" />}
          {failure !== null && <ErrorAlert error={failure} testId="submit-error" />}
          {view.canEdit && (
            <Button type="primary" htmlType="submit" block size="large" loading={submitting} data-testid="submit-form" style={{ marginTop: 8 }}>
              {t.forms.fill.submit}
            </Button>
          )}
        </Form>
      </Card>
      {view.canReview && <ReviewActions view={view} onChanged={onChanged} />}
      {view.writeBack && <WriteBackCard view={view} />}
      {view.conflicts.length > 0 && <ConflictCards conflicts={view.conflicts} />}
      <Card size="small" title={t.forms.fill.history}>
        <Timeline
          items={view.events.map((e) => ({
            content: (
              <Flex vertical>
                <Typography.Text>
                  {t.forms.events[e.action]} · {e.actor}
                </Typography.Text>
                <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>
                {e.comment && <Typography.Text italic>{e.comment}</Typography.Text>}
              </Flex>
            ),
          }))}
        />
      </Card>
    </Flex>
  );
}

function SaveIndicator({ save }: { save: SaveState }) {
  const { t, formatDateTime } = useI18n();
  const text = {
    idle: t.forms.fill.autosave,
    saving: t.forms.fill.saving,
    saved: save.status === 'saved' ? t.forms.fill.savedAt(formatDateTime(save.at)) : '',
    failed: t.forms.fill.saveFailed,
  }[save.status];
  return (
    <Typography.Text type={save.status === 'failed' ? 'danger' : 'secondary'} data-testid="save-state" data-status={save.status}>
      {text}
    </Typography.Text>
  );
}

/** Approve (answers go to the registry) or return with a comment saying what to change. */
function ReviewActions({ view, onChanged }: { view: SubmissionView; onChanged(view: SubmissionView): void }) {
  const { t } = useI18n();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<'approve' | 'return' | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function act(action: 'approve' | 'return') {
    setBusy(action);
    setError(null);
    try {
      onChanged(action === 'approve' ? await approveSubmission(view.id, comment.trim()) : await returnSubmission(view.id, comment.trim()));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  }
  return (
    <Card size="small" title={t.forms.review.decide} data-testid="review-actions">
      <Flex vertical gap={8}>
        <Input.TextArea value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t.forms.review.commentPlaceholder} autoSize={{ minRows: 2 }} maxLength={2000} data-testid="review-comment" />
        {error !== null && <ErrorAlert error={error} />}
        <Flex gap={8}>
          <Button type="primary" block loading={busy === 'approve'} disabled={busy !== null} onClick={() => void act('approve')} data-testid="approve">
            {t.forms.review.approve}
          </Button>
          <Button danger block loading={busy === 'return'} disabled={busy !== null || comment.trim() === ''} onClick={() => void act('return')} data-testid="return">
            {t.forms.review.return}
          </Button>
        </Flex>
        <Typography.Text type="secondary">{t.forms.review.approveHint}</Typography.Text>
      </Flex>
    </Card>
  );
}

function WriteBackCard({ view }: { view: SubmissionView }) {
  const { t } = useI18n();
  const text = useLocalized();
  const questionLabel = (name: string) => text(view.spec.survey.find((row) => row.name === name)?.label) || name;
  const writeBack = view.writeBack!;
  return (
    <Card size="small" title={t.forms.review.writeBack} data-testid="write-back">
      <Descriptions column={1} size="small">
        {writeBack.written.map((w) => (
          <Descriptions.Item key={w.field} label={questionLabel(w.question)}>
            <Tag color="green">{t.forms.review.written}</Tag>
            {Array.isArray(w.value) ? w.value.join('、') : String(w.value)}
          </Descriptions.Item>
        ))}
        {writeBack.notWritten.map((w) => (
          <Descriptions.Item key={`not-${w.field}`} label={questionLabel(w.question)}>
            <Tag>{t.forms.review.notWritten}</Tag>
            {w.values.join('、')}
          </Descriptions.Item>
        ))}
      </Descriptions>
      {writeBack.written.length === 0 && writeBack.notWritten.length === 0 && <Typography.Text type="secondary">{t.forms.review.nothingWritten}</Typography.Text>}
      {writeBack.conflicts > 0 && <Alert type="warning" showIcon title={t.forms.review.conflictsFlagged(writeBack.conflicts)} style={{ marginTop: 8 }} />}
    </Card>
  );
}

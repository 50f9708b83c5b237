import { Flex, Segmented, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRequest } from '../../hooks/useRequest';
import { useI18n } from '../../i18n';
import { listConflicts, listSubmissions } from './api';
import { ConflictCards } from './ConflictCards';
import { SubmissionCards } from './SubmissionCards';

type Tab = 'queue' | 'conflicts' | 'done';

/** The reviewer's desk: submissions waiting, write-back conflicts, and what was decided. */
export default function ReviewPage() {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('queue');
  return (
    <Flex vertical gap={12} style={{ maxWidth: 720 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t.nav.formReview}
      </Typography.Title>
      <Segmented<Tab>
        block
        value={tab}
        onChange={setTab}
        options={(['queue', 'conflicts', 'done'] as const).map((value) => ({ value, label: t.forms.review.tabs[value] }))}
        data-testid="review-tabs"
      />
      {tab === 'queue' && <Queue status={['submitted']} empty={t.forms.review.emptyQueue} />}
      {tab === 'done' && <Queue status={['approved', 'returned']} empty={t.forms.review.emptyDone} />}
      {tab === 'conflicts' && <OpenConflicts />}
    </Flex>
  );
}

function Queue({ status, empty }: { status: Array<'submitted' | 'approved' | 'returned'>; empty: string }) {
  const request = useRequest((signal) => listSubmissions({ status }, signal), [status.join()]);
  return <SubmissionCards request={request} empty={empty} showWorker />;
}

function OpenConflicts() {
  const request = useRequest((signal) => listConflicts('open', signal), []);
  if (request.error !== undefined) return <ErrorAlert error={request.error} onRetry={request.reload} />;
  if (!request.data) return <Skeleton active />;
  return <ConflictCards conflicts={request.data} linkSubmission />;
}

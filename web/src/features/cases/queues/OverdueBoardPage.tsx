import { Flex, Typography } from 'antd';
import { useI18n } from '../../../i18n';
import { useSignedIn } from '../../auth/session';
import { useCalendarCovering } from '../workingTime';
import { QueueTabs } from './QueueTabs';

/**
 * Overdue cases, the most overdue first, with how far each has escalated
 * (community → street → district) and whether it is under supervision.
 */
export default function OverdueBoardPage() {
  const { t } = useI18n();
  const { grant } = useSignedIn();
  const calendar = useCalendarCovering(grant.jurisdiction.code);
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t.nav.overdue}
      </Typography.Title>
      <QueueTabs
        calendar={calendar}
        showEscalation
        tabs={[
          { key: 'overdue', label: t.cases.queues.overdue, query: { overdue: true, sort: 'due_asc' } },
          { key: 'escalated', label: t.cases.queues.escalated, query: { overdue: true, escalated: true, sort: 'due_asc' } },
          { key: 'supervised', label: t.cases.queues.supervised, query: { supervised: true, sort: 'due_asc' } },
        ]}
      />
    </Flex>
  );
}

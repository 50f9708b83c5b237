import { Flex, Typography } from 'antd';
import { useI18n } from '../../../i18n';
import { useSignedIn } from '../../auth/session';
import { useCalendarCovering } from '../workingTime';
import { OPEN_STATUSES } from '../types';
import { QueueTabs } from './QueueTabs';

/**
 * A department's inbox: cases routed to the unit, to sign for and to handle,
 * nearest limit first with the working time left; open cases the unit was
 * summoned on by a whistle (吹哨报到); and every case the unit can see.
 */
export default function InboxPage() {
  const { t } = useI18n();
  const { grant } = useSignedIn();
  const calendar = useCalendarCovering(grant.jurisdiction.code);
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t.nav.inbox}
        {grant.department && (
          <Typography.Text type="secondary" style={{ fontSize: 14, marginInlineStart: 8 }}>
            {grant.department.name}
          </Typography.Text>
        )}
      </Typography.Title>
      <QueueTabs
        calendar={calendar}
        tabs={[
          { key: 'toSign', label: t.cases.queues.toSign, query: { mine: true, status: ['dispatched'], sort: 'due_asc' } },
          { key: 'handling', label: t.cases.queues.handling, query: { mine: true, status: ['signed_for', 'in_progress', 'suspended'], sort: 'due_asc' } },
          { key: 'handled', label: t.cases.queues.handled, query: { mine: true, status: ['handled', 'verified', 'closed'], sort: 'updated_desc' } },
          { key: 'summoned', label: t.cases.queues.summoned, query: { summoned: true, status: OPEN_STATUSES, sort: 'due_asc' } },
          { key: 'visible', label: t.cases.queues.withSummons, query: { sort: 'updated_desc' } },
        ]}
      />
    </Flex>
  );
}

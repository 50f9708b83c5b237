import { Flex, Typography } from 'antd';
import { useI18n } from '../../../i18n';
import { useSignedIn } from '../../auth/session';
import { useCalendarCovering } from '../workingTime';
import { QueueTabs } from './QueueTabs';

/**
 * The street or community dispatch console: new reports to register or
 * decline, registered cases to dispatch, returns to decide, and verified
 * cases to close. Each case opens with its routing explanation and the steps.
 */
export default function DispatchConsolePage() {
  const { t } = useI18n();
  const { grant } = useSignedIn();
  const calendar = useCalendarCovering(grant.jurisdiction.code);
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t.nav.dispatch}
      </Typography.Title>
      <QueueTabs
        calendar={calendar}
        tabs={[
          { key: 'submitted', label: t.cases.queues.toRegister, query: { status: ['submitted'], sort: 'due_asc' } },
          { key: 'registered', label: t.cases.queues.toDispatch, query: { status: ['registered'], sort: 'due_asc' } },
          { key: 'returned', label: t.cases.queues.returned, query: { status: ['returned'], sort: 'due_asc' } },
          { key: 'verified', label: t.cases.queues.toClose, query: { status: ['verified'], sort: 'due_asc' } },
          { key: 'all', label: t.cases.queues.all, query: { sort: 'updated_desc' } },
        ]}
      />
    </Flex>
  );
}

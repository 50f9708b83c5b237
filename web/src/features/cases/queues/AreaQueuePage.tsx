import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../../i18n';
import { useSignedIn } from '../../auth/session';
import { OPEN_STATUSES } from '../types';
import { useCalendarCovering } from '../workingTime';
import { QueueTabs } from './QueueTabs';
import { PageHeader } from '../../../components/PageHeader';

/** The grid worker's area: handled cases to verify on site, what is open in the grid, and their own patrol findings. */
export default function AreaQueuePage() {
  const { t } = useI18n();
  const { grant } = useSignedIn();
  const calendar = useCalendarCovering(grant.jurisdiction.code);
  return (
    <Flex vertical gap={12}>
      <PageHeader
        title={t.nav.area}
        extra={
          <Link to="/cases/patrol">
            <Button type="primary" icon={<PlusOutlined />}>
              {t.nav.patrol}
            </Button>
          </Link>
        }
      />
      <QueueTabs
        calendar={calendar}
        tabs={[
          { key: 'toVerify', label: t.cases.queues.toVerify, query: { status: ['handled'], sort: 'due_asc' } },
          { key: 'open', label: t.cases.queues.open, query: { status: OPEN_STATUSES, sort: 'due_asc' } },
          { key: 'myReports', label: t.cases.queues.myReports, query: { reportedByMe: true } },
        ]}
      />
    </Flex>
  );
}

import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../../i18n';
import { useSignedIn } from '../../auth/session';
import { OPEN_STATUSES } from '../types';
import { CountLinks } from './CountLinks';

/** The grid worker's patrol: report a finding, and how many of their findings are still open. */
export function PatrolSection() {
  const { t } = useI18n();
  return (
    <Flex vertical gap={12}>
      <Link to="/cases/patrol">
        <Button type="primary" icon={<PlusOutlined />} block data-testid="patrol-report">
          {t.nav.patrol}
        </Button>
      </Link>
      <CountLinks links={[{ key: 'myOpen', label: t.cases.queues.myOpenReports, query: { reportedByMe: true, status: OPEN_STATUSES }, to: '/cases/area' }]} />
    </Flex>
  );
}

/** Handled cases in the grid waiting for the grid worker to check on site. */
export function ToVerifySection() {
  const { t } = useI18n();
  const { grant } = useSignedIn();
  const area = grant.jurisdiction.code;
  return (
    <CountLinks
      links={[
        { key: 'toVerify', label: t.cases.queues.toVerify, query: { jurisdictionCode: area, status: ['handled'] }, to: '/cases/area' },
        { key: 'open', label: t.cases.queues.open, query: { jurisdictionCode: area, status: OPEN_STATUSES }, to: '/cases/area' },
      ]}
    />
  );
}

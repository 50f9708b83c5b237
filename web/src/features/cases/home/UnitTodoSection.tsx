import { Flex, Typography } from 'antd';
import { Link } from 'react-router';
import { useRequest } from '../../../hooks/useRequest';
import { useI18n } from '../../../i18n';
import { useSignedIn } from '../../auth/session';
import { listCases } from '../api';
import { Countdown } from '../Countdown';
import { useCalendarCovering } from '../workingTime';
import { CountLinks } from './CountLinks';

const ACTIVE = ['dispatched', 'signed_for', 'in_progress'] as const;

/** The department's inbox at a glance: how many to sign for and to handle, and the case whose limit is nearest. */
export function UnitTodoSection() {
  const { t } = useI18n();
  const { grant } = useSignedIn();
  const calendar = useCalendarCovering(grant.jurisdiction.code);
  const { data: nearest } = useRequest((signal) => listCases({ mine: true, status: ACTIVE, sort: 'due_asc', limit: 1 }, signal), []);
  const next = nearest?.items[0];
  return (
    <Flex vertical gap={12}>
      <CountLinks
        links={[
          { key: 'toSign', label: t.cases.queues.toSign, query: { mine: true, status: ['dispatched'] }, to: '/cases/inbox' },
          { key: 'handling', label: t.cases.queues.handling, query: { mine: true, status: ['signed_for', 'in_progress', 'suspended'] }, to: '/cases/inbox' },
        ]}
      />
      {next?.nextDueAt && (
        <Flex vertical gap={4} data-testid="nearest-deadline">
          <Typography.Text type="secondary">{t.cases.queues.nearest}</Typography.Text>
          <Flex justify="space-between" align="center" gap={8} wrap>
            <Link to={`/cases/${next.id}`}>
              {next.number} · {next.category.name}
            </Link>
            <Countdown dueAt={next.nextDueAt} calendar={calendar} />
          </Flex>
        </Flex>
      )}
    </Flex>
  );
}

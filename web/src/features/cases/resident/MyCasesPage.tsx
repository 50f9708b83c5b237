import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Segmented } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../../i18n';
import { MyCaseQueue } from '../PagedCaseList';
import { FINISHED_STATUSES, OPEN_STATUSES, type CaseStatus } from '../types';
import { PageHeader } from '../../../components/PageHeader';

/** A resident's reports by how far they have come. */
const FILTERS = {
  all: undefined,
  open: OPEN_STATUSES,
  handled: ['handled', 'verified'],
  done: FINISHED_STATUSES,
} satisfies Record<string, readonly CaseStatus[] | undefined>;
type Filter = keyof typeof FILTERS;

/** The resident's own reports, newest first, filtered by how far they have come. */
export default function MyCasesPage() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<Filter>('all');
  return (
    <Flex vertical gap={12} style={{ maxWidth: 720 }}>
      <PageHeader
        title={t.nav.myCases}
        extra={
          <Link to="/cases/report">
            <Button type="primary" icon={<PlusOutlined />} data-testid="report-new">
              {t.nav.report}
            </Button>
          </Link>
        }
      />
      <Segmented<Filter>
        block
        value={filter}
        onChange={setFilter}
        options={(Object.keys(FILTERS) as Filter[]).map((key) => ({ value: key, label: t.cases.myFilters[key] }))}
      />
      <MyCaseQueue key={filter} status={FILTERS[filter]} linkTo={(item) => `/my/cases/${item.id}`} />
    </Flex>
  );
}

import { Badge, Flex, Tabs, theme } from 'antd';
import { useState } from 'react';
import { useJurisdictions } from '../../org/JurisdictionContext';
import { CaseQueue } from '../PagedCaseList';
import type { CaseListQuery } from '../types';
import { useCaseCounts } from '../useCaseCounts';
import type { WorkingCalendar } from '../workingTime';

interface QueueTab {
  key: string;
  label: string;
  query: CaseListQuery;
}

interface QueueTabsProps {
  tabs: readonly QueueTab[];
  calendar?: WorkingCalendar | null;
  showEscalation?: boolean;
}

/**
 * Staff queues side by side as tabs, each with how many cases it holds, in the
 * jurisdiction chosen in the header; a case opens on the staff case page.
 */
export function QueueTabs({ tabs, calendar, showEscalation }: QueueTabsProps) {
  const { token } = theme.useToken();
  const { selected } = useJurisdictions();
  const [active, setActive] = useState(tabs[0]?.key);
  const queries = Object.fromEntries(tabs.map((tab) => [tab.key, { jurisdictionCode: selected?.code, ...tab.query }]));
  const { data: counts } = useCaseCounts(queries);
  return (
    <Tabs
      activeKey={active}
      onChange={setActive}
      destroyOnHidden
      items={tabs.map((tab) => ({
        key: tab.key,
        label: (
          <Flex gap={6} align="center" data-testid={`queue-tab-${tab.key}`}>
            {tab.label}
            <Badge count={counts?.[tab.key] ?? 0} showZero overflowCount={999} color={counts?.[tab.key] ? token.colorPrimary : token.colorTextQuaternary} />
          </Flex>
        ),
        // Keyed by the place so that choosing another one starts again at page 1.
        children: (
          <CaseQueue
            key={selected?.code}
            query={queries[tab.key]}
            calendar={calendar}
            showEscalation={showEscalation}
            linkTo={(item) => `/cases/${item.id}`}
          />
        ),
      }))}
    />
  );
}

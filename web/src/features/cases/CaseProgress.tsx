import { Alert, Steps } from 'antd';
import { useI18n } from '../../i18n';
import type { CaseStatus } from './types';

/** The main road from report to closure; the other states are detours from one of its steps. */
const ROAD: readonly CaseStatus[] = ['submitted', 'registered', 'dispatched', 'signed_for', 'in_progress', 'handled', 'verified', 'closed'];

/** Where a detour leaves the road: a returned case waits where it was dispatched, a suspended one where it was being handled. */
const DETOURS: Partial<Record<CaseStatus, CaseStatus>> = { returned: 'dispatched', suspended: 'in_progress' };

/** How far a case has come, as steps; a case that left the road for good (not registered, merged) says so instead. */
export function CaseProgress({ status }: { status: CaseStatus }) {
  const { t } = useI18n();
  if (status === 'not_registered' || status === 'merged') {
    return <Alert type="info" showIcon title={t.cases.progress.ended[status]} />;
  }
  const onRoad = DETOURS[status] ?? status;
  const current = ROAD.indexOf(onRoad);
  return (
    <Steps
      size="small"
      // Titles under the icons fit eight steps in a card; below 532 px the steps stack vertically.
      titlePlacement="vertical"
      responsive
      current={current}
      status={status === 'returned' ? 'error' : status === 'suspended' ? 'wait' : status === 'closed' ? 'finish' : 'process'}
      items={ROAD.map((step, index) => ({
        title: index === current && DETOURS[status] ? t.cases.status[status] : t.cases.status[step],
      }))}
    />
  );
}

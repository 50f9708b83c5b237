import { useI18n } from '../../../i18n';
import { CountLinks } from './CountLinks';

/** What waits for the community or street at each dispatch step. */
export function DispatchSection() {
  const { t } = useI18n();
  return (
    <CountLinks
      links={[
        { key: 'submitted', label: t.cases.queues.toRegister, query: { status: ['submitted'] }, to: '/cases/dispatch' },
        { key: 'registered', label: t.cases.queues.toDispatch, query: { status: ['registered'] }, to: '/cases/dispatch' },
        { key: 'returned', label: t.cases.queues.returned, query: { status: ['returned'] }, to: '/cases/dispatch' },
        { key: 'verified', label: t.cases.queues.toClose, query: { status: ['verified'] }, to: '/cases/dispatch' },
      ]}
    />
  );
}

/** Overdue cases in the area, how many have escalated, and how many are under supervision. */
export function OverdueSection() {
  const { t } = useI18n();
  return (
    <CountLinks
      links={[
        { key: 'overdue', label: t.cases.queues.overdue, query: { overdue: true }, to: '/cases/overdue' },
        { key: 'escalated', label: t.cases.queues.escalated, query: { overdue: true, escalated: true }, to: '/cases/overdue' },
        { key: 'supervised', label: t.cases.queues.supervised, query: { supervised: true }, to: '/cases/overdue' },
      ]}
    />
  );
}

import { ClockCircleOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useNow } from '../../hooks/useNow';
import { useI18n } from '../../i18n';
import { minutesLeft, splitMinutes, type WorkingCalendar } from './workingTime';

interface CountdownProps {
  dueAt: string;
  /** When the limit's warning point passes (from the deadline); lists do not know it. */
  warnAt?: string;
  calendar: WorkingCalendar | null;
  natural?: boolean;
}

/**
 * Time left on a limit, in working time unless the limit is natural: green
 * while on time, orange past the warning point, red and counting up once
 * overdue. The exact due instant is in the tooltip.
 */
export function Countdown({ dueAt, warnAt, calendar, natural = false }: CountdownProps) {
  const { t, formatDateTime } = useI18n();
  const now = useNow();
  const left = minutesLeft(now, new Date(dueAt), calendar, natural);
  const parts = splitMinutes(left, calendar, natural);
  const working = !natural && calendar !== null;
  const amount = t.cases.countdown.amount(parts, working);
  // Judged on the clock: after hours, an overdue limit has no working time left to count but is still overdue.
  const overdue = now.getTime() >= Date.parse(dueAt);
  const warned = warnAt !== undefined && now.getTime() >= Date.parse(warnAt);
  const color = overdue ? 'error' : warned ? 'warning' : 'success';

  return (
    <Tooltip title={t.cases.countdown.dueAt(formatDateTime(dueAt))}>
      <Tag color={color} icon={<ClockCircleOutlined />} data-testid="countdown">
        {overdue ? t.cases.countdown.overdue(amount) : t.cases.countdown.left(amount)}
      </Tag>
    </Tooltip>
  );
}

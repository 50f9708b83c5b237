import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';

export type Period = [Dayjs, Dayjs];

/** Assessment periods are whole days; the default is the month so far (rankings are monthly). */
export function usePeriod() {
  const [period, setPeriod] = useState<Period>(() => [dayjs().startOf('month'), dayjs().endOf('day')]);
  const query = { from: period[0].startOf('day').format(), to: period[1].endOf('day').format() };
  return { period, setPeriod, query };
}

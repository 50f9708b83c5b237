import { Button, Flex, Typography } from 'antd';
import { Link } from 'react-router';
import { useRequest } from '../../hooks/useRequest';
import { useI18n } from '../../i18n';
import { listTasks } from './api';

/** On a community's or street's home: report fields still to fill in, and the way to generate a report. */
export function ReportsSection() {
  const { t } = useI18n();
  const { data } = useRequest((signal) => listTasks(signal), []);
  const open = (data ?? []).filter((task) => task.status === 'open').length;
  return (
    <Flex vertical gap={8} align="flex-start">
      <Typography.Text>{open ? <Link to="/reports/tasks">{t.reports.home.openTasks(open)}</Link> : t.reports.home.none}</Typography.Text>
      <Link to="/reports">
        <Button size="small">{t.reports.home.generate}</Button>
      </Link>
    </Flex>
  );
}

import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Table } from 'antd';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useRequest } from '../../../hooks/useRequest';
import { useI18n } from '../../../i18n';
import { listImports } from '../api';
import type { ImportView } from '../types';
import { ImportStatusTag } from './ImportStatusTag';
import { PageHeader } from '../../../components/PageHeader';

/** The department files imported in the steward's jurisdiction, newest first, and the way to import another. */
export default function ImportsPage() {
  const { t, formatDateTime } = useI18n();
  const imports = useRequest((signal) => listImports(signal), []);
  return (
    <Flex vertical gap={12}>
      <PageHeader
        title={t.imports.title}
        extra={
          <Link to="/registry/imports/new">
            <Button type="primary" icon={<PlusOutlined />} data-testid="import-new">
              {t.imports.list.new}
            </Button>
          </Link>
        }
      />
      {imports.error !== undefined && <ErrorAlert error={imports.error} onRetry={imports.reload} />}
      <Table<ImportView>
        size="small"
        rowKey="id"
        loading={imports.loading}
        dataSource={imports.data ?? []}
        scroll={{ x: 720 }}
        locale={{ emptyText: t.imports.list.empty }}
        data-testid="import-list"
        columns={[
          { key: 'file', title: t.imports.list.fileName, render: (_, i) => <Link to={`/registry/imports/${i.id}`}>{i.fileName}</Link> },
          { key: 'status', title: t.imports.list.status, render: (_, i) => <ImportStatusTag status={i.status} />, width: 100 },
          {
            key: 'rows',
            title: t.imports.list.rows,
            render: (_, i) => (i.totalRows === null ? '—' : `${i.totalRows}（${t.imports.list.counts(i.validRows, i.invalidRows)}）`),
          },
          { key: 'createdAt', title: t.imports.list.createdAt, render: (_, i) => formatDateTime(i.createdAt), width: 180 },
          { key: 'createdBy', title: t.imports.list.createdBy, dataIndex: 'createdBy', width: 100 },
        ]}
      />
    </Flex>
  );
}

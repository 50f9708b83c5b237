import { Card, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageSpinner } from '../../components/PageSpinner';
import { useI18n } from '../../i18n';
import { useJurisdictions } from './JurisdictionContext';
import { pathTo, type JurisdictionNode } from './jurisdictionTree';

/** The jurisdiction tree of the administrator's scope, opened down to the one chosen in the header. */
export default function JurisdictionsPage() {
  const { t } = useI18n();
  const { tree, byCode, selected, loading, error } = useJurisdictions();

  if (loading) return <PageSpinner />;

  const columns: TableColumnsType<JurisdictionNode> = [
    {
      key: 'name',
      title: t.jurisdictions.name,
      dataIndex: 'name',
      render: (name: string, node) => (node.code === selected?.code ? <Typography.Text strong>{name}</Typography.Text> : name),
    },
    {
      key: 'code',
      title: t.jurisdictions.code,
      dataIndex: 'code',
      render: (code: string) => <Typography.Text code>{code}</Typography.Text>,
    },
    {
      key: 'level',
      title: t.jurisdictions.level,
      dataIndex: 'level',
      render: (level: JurisdictionNode['level']) => t.levels[level] ?? level,
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t.jurisdictions.title}
      </Typography.Title>
      {error !== undefined && <ErrorAlert error={error} />}
      <Card>
        {/* Keyed by the selection so that choosing another jurisdiction in the header opens the tree down to it. */}
        <Table<JurisdictionNode>
          key={selected?.code}
          rowKey="code"
          size="middle"
          columns={columns}
          dataSource={tree}
          pagination={false}
          scroll={{ x: 'max-content' }}
          expandable={{ defaultExpandedRowKeys: selected ? pathTo(selected.code, byCode) : [] }}
          locale={{ emptyText: t.jurisdictions.empty }}
          data-testid="jurisdiction-table"
        />
      </Card>
    </Flex>
  );
}

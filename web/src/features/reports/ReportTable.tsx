import { Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useI18n } from '../../i18n';
import type { Column, FigureRow, FigureValue, Report, ReportColumn } from './types';

/** A clicked figure: which row and column, for the drill-down. */
export interface FigureCell {
  row: string;
  rowLabel: string;
  column: ReportColumn;
}

interface Props {
  report: Report;
  /** Set when the caller may see the records behind figures. */
  onFigure?: (cell: FigureCell) => void;
}

/** The report as the department lays it out: grouped headers (merged cells in the XLSX), rows, the total row. */
export function ReportTable({ report, onFigure }: Props) {
  const { t } = useI18n();
  const byKey = new Map(report.columns.map((c) => [c.key, c]));
  const rows: Array<FigureRow & { index: number | null }> = report.rows.map((r, i) => ({ ...r, index: i + 1 }));
  if (report.total) rows.push({ key: 'total', label: t.reports.view.total, unitCode: null, values: report.total, index: null });

  const format = (value: FigureValue, column: ReportColumn) =>
    value === null ? '—' : typeof value === 'number' && column.metric?.ratio ? value.toFixed(2) : String(value);

  const toColumn = (c: Column): TableColumnsType<(typeof rows)[number]>[number] => {
    if ('children' in c) return { title: c.label, align: 'center', children: c.children.map(toColumn) };
    const column = byKey.get(c.key)!;
    const heading = column.metric ? (
      <Tooltip title={`${t.reports.view.metricTitle(column.metric.code, column.metric.version, column.metric.validFrom)}：${column.metric.statement}`}>
        <span>{c.label}</span>
      </Tooltip>
    ) : (
      <Tooltip title={t.reports.view.manual}>
        <span>
          {c.label} <Typography.Text type="secondary">✎</Typography.Text>
        </span>
      </Tooltip>
    );
    return {
      key: c.key,
      title: heading,
      align: 'right',
      render: (_, row) => {
        const value = row.values[c.key] ?? null;
        const text = format(value, column);
        if (!onFigure || !column.metric || value === null) return text;
        return (
          <a data-testid={`figure-${row.key}-${c.key}`} onClick={() => onFigure({ row: row.key, rowLabel: row.label, column })}>
            {text}
          </a>
        );
      },
    };
  };

  const columns: TableColumnsType<(typeof rows)[number]> = [
    ...(report.layout.numbered ? [{ key: 'index', title: '序号', width: 56, render: (_: unknown, row: (typeof rows)[number]) => row.index ?? '' }] : []),
    { key: 'label', title: report.layout.rowHeader, fixed: 'left' as const, render: (_: unknown, row: (typeof rows)[number]) => (row.key === 'total' ? <strong>{row.label}</strong> : row.label) },
    ...report.layout.columns.map(toColumn),
  ];

  return (
    <Table
      data-testid="report-table"
      size="small"
      bordered
      rowKey="key"
      pagination={false}
      scroll={{ x: 'max-content' }}
      columns={columns}
      dataSource={rows}
    />
  );
}

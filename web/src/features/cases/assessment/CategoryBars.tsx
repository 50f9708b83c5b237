import { theme } from 'antd';

interface CategoryBarsProps {
  rows: ReadonlyArray<{ key: string; name: string; count: number; colour: string }>;
  selected?: string;
  onSelect(key: string): void;
}

const ROW = 26;
const LABEL = 110;
const BAR = 160;

/** Cases per major class as horizontal bars; a bar is also the way to show only that class on the map. */
export function CategoryBars({ rows, selected, onSelect }: CategoryBarsProps) {
  const { token } = theme.useToken();
  const max = Math.max(1, ...rows.map((row) => row.count));
  return (
    <svg viewBox={`0 0 ${LABEL + BAR + 50} ${rows.length * ROW}`} width="100%" role="list" data-testid="category-bars">
      {rows.map((row, index) => (
        <g
          key={row.key}
          role="listitem"
          transform={`translate(0 ${index * ROW})`}
          onClick={() => onSelect(row.key)}
          style={{ cursor: 'pointer' }}
          opacity={selected && selected !== row.key ? 0.45 : 1}
        >
          <text x={LABEL - 6} y={ROW / 2} textAnchor="end" dominantBaseline="middle" fontSize={12} fill={token.colorText}>
            {row.name}
          </text>
          <rect x={LABEL} y={5} width={Math.max(2, (BAR * row.count) / max)} height={ROW - 10} rx={3} fill={row.colour} />
          <text x={LABEL + (BAR * row.count) / max + 6} y={ROW / 2} dominantBaseline="middle" fontSize={12} fill={token.colorTextSecondary}>
            {row.count}
          </text>
        </g>
      ))}
    </svg>
  );
}

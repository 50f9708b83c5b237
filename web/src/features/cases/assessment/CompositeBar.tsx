import { theme } from 'antd';

const WIDTH = 120;
const HEIGHT = 14;

/** A composite score (0–100) as a bar with its number: rows of bars compare at a glance. */
export function CompositeBar({ value }: { value: number | null }) {
  const { token } = theme.useToken();
  if (value === null) return <span>—</span>;
  return (
    <svg width={WIDTH + 44} height={HEIGHT} role="img" aria-label={value.toFixed(1)} style={{ verticalAlign: 'middle' }}>
      <rect x={0} y={0} width={WIDTH} height={HEIGHT} rx={3} fill={token.colorFillSecondary} />
      <rect x={0} y={0} width={(WIDTH * Math.max(0, Math.min(100, value))) / 100} height={HEIGHT} rx={3} fill={token.colorPrimary} />
      <text x={WIDTH + 6} y={HEIGHT - 3} fontSize={12} fill={token.colorText}>
        {value.toFixed(1)}
      </text>
    </svg>
  );
}

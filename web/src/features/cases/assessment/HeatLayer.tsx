import { useI18n } from '../../../i18n';
import { HEAT_COLOURS, hexagonPath, hexBins, heatColour } from '../../map/hexbin';
import type { Projection } from '../../map/projection';
import type { MapCase } from '../types';

/** Hexagon circumradius in drawing units (the map is 1000 wide): about 20 cells across a district. */
const RADIUS = 24;
const LEGEND_STEP = 40;

/** Cases binned into hexagons coloured by how many each holds, with a legend in the corner. */
export function HeatLayer({ projection, cases }: { projection: Projection; cases: readonly MapCase[] }) {
  const { t } = useI18n();
  const points = cases.map((item) => {
    const [x, y] = projection.project(item.location);
    return { x, y, item };
  });
  const bins = hexBins(points, RADIUS);
  const max = Math.max(0, ...bins.map((bin) => bin.items.length));
  const hexagon = hexagonPath(RADIUS);
  return (
    <g data-testid="heat-layer">
      {bins.map((bin) => (
        <path key={`${bin.x}:${bin.y}`} d={hexagon} transform={`translate(${bin.x} ${bin.y})`} fill={heatColour(bin.items.length, max)} fillOpacity={0.85} stroke="#fff" strokeWidth={1}>
          <title>{t.cases.map.cellCount(bin.items.length)}</title>
        </path>
      ))}
      {max > 0 && (
        <g transform={`translate(20 ${projection.height - 64})`} data-testid="heat-legend">
          {HEAT_COLOURS.map((colour, index) => (
            <rect key={colour} x={index * LEGEND_STEP} y={0} width={LEGEND_STEP} height={18} fill={colour} />
          ))}
          <text x={0} y={44} fontSize={22}>
            1
          </text>
          <text x={HEAT_COLOURS.length * LEGEND_STEP} y={44} fontSize={22} textAnchor="end">
            {max}
          </text>
        </g>
      )}
    </g>
  );
}

/**
 * Jurisdiction maps drawn as plain SVG from the boundaries in our own
 * database. Why not a map library: the platform must run without any external
 * tile server (government networks are often closed, and a resident's phone
 * should not leak their location to a third party), and a library would need
 * tiles to be of use while adding weight to every page. Polygons, markers and
 * heat are a few hundred SVG elements, which the browser draws well. A city
 * that has its own map service sets `tileUrl` (settings.ts) and it is drawn
 * underneath as one background image.
 */
import { Skeleton, theme } from 'antd';
import { useMemo, useRef, type MouseEvent, type ReactNode } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { LonLat } from '../cases/types';
import type { JurisdictionLevel } from '../org/types';
import { useMapAreas, type AreaSource, type MapArea } from './boundaries';
import { boundaryPath, boundsOf, fitProjection, type Projection } from './projection';
import { mapSettings } from './settings';

const LEVEL_DEPTH: Record<JurisdictionLevel, number> = { city: 0, district: 1, street: 2, community: 3, grid: 4 };

interface JurisdictionMapProps {
  /** Where the polygons come from: the caller's subtree, or the whole city (see boundaries.ts). */
  sources: readonly AreaSource[];
  /** Tapping the map gives the lon/lat tapped; without it the map is only looked at. */
  onPick?(point: LonLat): void;
  /** An area drawn emphasised (the one a picked point fell in). */
  highlight?: string | null;
  /** Layers drawn over the polygons: markers, heat. */
  children?(projection: Projection): ReactNode;
  ariaLabel: string;
  testId?: string;
}

export function JurisdictionMap({ sources, onPick, highlight, children, ariaLabel, testId }: JurisdictionMapProps) {
  const { data: areas, error, loading, reload } = useMapAreas(sources);
  if (error !== undefined) return <ErrorAlert error={error} onRetry={reload} />;
  if (loading && !areas) return <Skeleton.Node active style={{ width: '100%', height: 200 }} />;
  return <MapDrawing areas={areas ?? []} onPick={onPick} highlight={highlight} ariaLabel={ariaLabel} testId={testId}>{children}</MapDrawing>;
}

function MapDrawing({ areas, onPick, highlight, children, ariaLabel, testId }: Omit<JurisdictionMapProps, 'sources'> & { areas: MapArea[] }) {
  const { token } = theme.useToken();
  const svgRef = useRef<SVGSVGElement>(null);
  const projection = useMemo(() => {
    const bounds = boundsOf(areas.map((area) => area.boundary));
    return bounds ? fitProjection(bounds) : null;
  }, [areas]);
  if (!projection) return null;

  // Finest areas first so the coarser outlines stay visible on top; labels on the level just below the top one.
  const ordered = [...areas].sort((a, b) => LEVEL_DEPTH[b.level] - LEVEL_DEPTH[a.level]);
  const finest = ordered[0]?.level;
  const depths = [...new Set(areas.map((area) => LEVEL_DEPTH[area.level]))].sort();
  const labelDepth = depths[1] ?? depths[0];

  function pick(event: MouseEvent<SVGSVGElement>) {
    const svg = svgRef.current;
    const matrix = svg?.getScreenCTM();
    if (!svg || !matrix || !onPick || !projection) return;
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    onPick(projection.unproject(point.x, point.y));
  }

  return (
    <svg
      ref={svgRef}
      viewBox={`0 0 ${projection.width} ${projection.height}`}
      role="img"
      aria-label={ariaLabel}
      onClick={pick}
      data-testid={testId}
      style={{ display: 'block', width: '100%', height: 'auto', cursor: onPick ? 'crosshair' : 'default', touchAction: 'manipulation', background: token.colorFillQuaternary, borderRadius: token.borderRadius }}
    >
      {mapSettings.tileUrl && <BackgroundImage template={mapSettings.tileUrl} projection={projection} />}
      {ordered.map((area) => (
        <path
          key={area.code}
          d={boundaryPath(area.boundary, projection)}
          fillRule="evenodd"
          fill={area.code === highlight ? token.colorPrimaryBg : area.level === finest ? token.colorBgContainer : 'none'}
          fillOpacity={mapSettings.tileUrl ? 0.4 : 1}
          stroke={area.level === finest ? token.colorBorder : token.colorTextTertiary}
          strokeWidth={area.level === finest ? 1 : 2.5}
          data-code={area.code}
        >
          <title>{area.name}</title>
        </path>
      ))}
      {children?.(projection)}
      {/* Names last, with a halo, so markers and heat never hide where they are. */}
      {areas
        .filter((area) => LEVEL_DEPTH[area.level] === labelDepth)
        .map((area) => (
          <AreaLabel key={area.code} area={area} text={shortName(area, areas)} projection={projection} color={token.colorTextSecondary} halo={token.colorBgContainer} />
        ))}
    </svg>
  );
}

/** Inside its parent an area's name need not repeat the parent's: 上保社区第1网格 is 第1网格 on the map of 上保社区. */
function shortName(area: MapArea, areas: readonly MapArea[]): string {
  const parent = areas.find((each) => each.code === area.parentCode);
  return parent && area.name.startsWith(parent.name) && area.name.length > parent.name.length ? area.name.slice(parent.name.length) : area.name;
}

function AreaLabel({ area, text, projection, color, halo }: { area: MapArea; text: string; projection: Projection; color: string; halo: string }) {
  const box = boundsOf([area.boundary]);
  if (!box) return null;
  const [x, y] = projection.project({ lon: (box.west + box.east) / 2, lat: (box.south + box.north) / 2 });
  const [left] = projection.project({ lon: box.west, lat: box.north });
  const [right] = projection.project({ lon: box.east, lat: box.north });
  // Sized to the area's width so names never spill into the neighbour.
  const fontSize = Math.max(10, Math.min(32, ((right - left) / Math.max(text.length, 1)) * 0.9));
  return (
    <text x={x} y={y} fontSize={fontSize} textAnchor="middle" dominantBaseline="middle" fill={color} stroke={halo} strokeWidth={4} paintOrder="stroke" pointerEvents="none">
      {text}
    </text>
  );
}

function BackgroundImage({ template, projection }: { template: string; projection: Projection }) {
  const topLeft = projection.unproject(0, 0);
  const bottomRight = projection.unproject(projection.width, projection.height);
  const values: Record<string, string> = {
    west: String(topLeft.lon),
    north: String(topLeft.lat),
    east: String(bottomRight.lon),
    south: String(bottomRight.lat),
    width: String(projection.width),
    height: String(projection.height),
  };
  const href = template.replace(/\{(west|south|east|north|width|height)\}/g, (_, name: string) => values[name]);
  return <image href={href} x={0} y={0} width={projection.width} height={projection.height} preserveAspectRatio="none" pointerEvents="none" />;
}

/** A pin for one point; `r` in drawing units (the map is 1000 wide). */
export function MapPoint({ point, projection, color, r = 9, title }: { point: LonLat; projection: Projection; color: string; r?: number; title?: string }) {
  const [x, y] = projection.project(point);
  return (
    <circle cx={x} cy={y} r={r} fill={color} fillOpacity={0.85} stroke="#fff" strokeWidth={2} data-testid="map-point">
      {title && <title>{title}</title>}
    </circle>
  );
}

import { AimOutlined } from '@ant-design/icons';
import { Flex, Typography, theme } from 'antd';
import { boundaryContains } from '../../../../../src/lib/geo';
import { useI18n } from '../../../i18n';
import { useSignedIn } from '../../auth/session';
import { useMemo } from 'react';
import { useMapAreas, type AreaSource, type MapArea } from '../../map/boundaries';
import { JurisdictionMap, MapPoint } from '../../map/JurisdictionMap';
import type { LonLat } from '../types';

const LEVEL_ORDER = ['city', 'district', 'street', 'community', 'grid'];

/** The finest drawn area a point lies in: the grid when grids are drawn. */
function areaAt(point: LonLat, areas: readonly MapArea[]): MapArea | undefined {
  return [...areas]
    .sort((a, b) => LEVEL_ORDER.indexOf(b.level) - LEVEL_ORDER.indexOf(a.level))
    .find((area) => boundaryContains(area.boundary, point));
}

interface LocationPickerProps {
  value?: LonLat | null;
  onChange?(point: LonLat | null): void;
}

/**
 * A map to tap where the problem is. A resident may report anywhere in the
 * city: the whole city's streets and communities, with the grids of their own
 * community. A grid worker reports in their own grid. A tap outside the drawn
 * areas is ignored, since the server could not place it there either.
 */
export function LocationPicker({ value, onChange }: LocationPickerProps) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  // The pin is sized in drawing units (the map is 1000 wide), so it stays visible when a phone shrinks the map.
  const { grant } = useSignedIn();
  const sources = useMemo<AreaSource[]>(
    () =>
      grant.role === 'resident'
        ? [
            { kind: 'city', of: grant.jurisdiction.code, levelsBelow: 3 },
            { kind: 'scope', levelsBelow: 1 },
          ]
        : [{ kind: 'scope', levelsBelow: 1 }],
    [grant.role, grant.jurisdiction.code],
  );
  const { data: areas } = useMapAreas(sources);
  const placedIn = value && areas ? areaAt(value, areas) : undefined;

  return (
    <Flex vertical gap={4}>
      <JurisdictionMap
        sources={sources}
        highlight={placedIn?.code}
        onPick={(point) => {
          if (areas && areaAt(point, areas)) onChange?.(point);
        }}
        ariaLabel={t.cases.report.mapLabel}
        testId="location-map"
      >
        {(projection) => value && <MapPoint point={value} projection={projection} color={token.colorError} r={20} />}
      </JurisdictionMap>
      <Typography.Text type={placedIn ? undefined : 'secondary'} data-testid="location-placed">
        <AimOutlined />{' '}
        {placedIn && value
          ? t.cases.report.placedIn(placedIn.name, value.lon.toFixed(5), value.lat.toFixed(5))
          : t.cases.report.tapToPlace}
      </Typography.Text>
    </Flex>
  );
}

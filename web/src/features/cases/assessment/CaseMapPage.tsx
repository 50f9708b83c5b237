import { Alert, Card, Col, DatePicker, Flex, Row, Segmented, Select } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useRequest } from '../../../hooks/useRequest';
import { useI18n } from '../../../i18n';
import { useSignedIn } from '../../auth/session';
import { JurisdictionMap, MapPoint } from '../../map/JurisdictionMap';
import { useJurisdictions } from '../../org/JurisdictionContext';
import { useCategories } from '../categories';
import { CategoryBars } from './CategoryBars';
import { casesForMap, colourFor, majorClassOf, MAP_CASE_LIMIT, MAP_POINT_LIMIT } from './caseMap';
import { HeatLayer } from './HeatLayer';
import { usePeriod, type Period } from './usePeriod';
import { PageHeader } from '../../../components/PageHeader';

type Mode = 'points' | 'heat';

/** Cases of the period on the map of the user's jurisdiction: as points coloured by class, or as heat for one class or all. */
export default function CaseMapPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { grant } = useSignedIn();
  const { selected } = useJurisdictions();
  const { period, setPeriod, query } = usePeriod();
  const [mode, setMode] = useState<Mode>('heat');
  const [major, setMajor] = useState<string | undefined>();
  const categories = useCategories().data ?? [];
  const byCode = useMemo(() => new Map(categories.map((category) => [category.code, category])), [categories]);
  const majors = categories.filter((category) => !category.parentCode);

  const root = selected?.code ?? grant.jurisdiction.code;
  const sources = useMemo(() => [{ kind: 'scope' as const, root, levelsBelow: 2 }], [root]);
  const cases = useRequest((signal) => casesForMap({ ...query, jurisdictionCode: root }, signal), [query.from, query.to, root]);

  const classOf = (code: string) => majorClassOf(code, byCode);
  const all = cases.data?.items ?? [];
  const shown = major ? all.filter((item) => classOf(item.categoryCode) === major) : all;
  const colourOf = new Map(majors.map((category, index) => [category.code, colourFor(index)]));
  const rows = majors
    .map((category) => ({ key: category.code, name: category.name, count: all.filter((item) => classOf(item.categoryCode) === category.code).length, colour: colourOf.get(category.code)! }))
    .filter((row) => row.count > 0)
    .sort((a, b) => b.count - a.count);

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t.nav.caseMap}
        extra={
          <Flex gap={8} wrap>
            <DatePicker.RangePicker value={period} allowClear={false} onChange={(range) => range?.[0] && range[1] && setPeriod(range as Period)} />
            <Select
              allowClear
              value={major}
              onChange={setMajor}
              placeholder={t.cases.map.allCategories}
              options={majors.map((category) => ({ value: category.code, label: category.name }))}
              style={{ minWidth: 160 }}
              data-testid="map-category"
            />
            <Segmented<Mode>
              value={mode}
              onChange={setMode}
              options={[
                { value: 'heat', label: t.cases.map.heat },
                { value: 'points', label: t.cases.map.points },
              ]}
            />
          </Flex>
        }
      />
      {cases.error !== undefined && <ErrorAlert error={cases.error} onRetry={cases.reload} />}
      {cases.data?.truncated && <Alert type="info" showIcon title={t.cases.map.truncated(MAP_CASE_LIMIT)} />}
      {mode === 'points' && shown.length > MAP_POINT_LIMIT && <Alert type="info" showIcon title={t.cases.map.pointsCapped(MAP_POINT_LIMIT, shown.length)} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card size="small">
            <JurisdictionMap sources={sources} ariaLabel={t.cases.map.label} testId="case-map">
              {(projection) =>
                mode === 'heat' ? (
                  <HeatLayer projection={projection} cases={shown} />
                ) : (
                  shown.slice(0, MAP_POINT_LIMIT).map((item) => (
                    <g key={item.id} onClick={() => navigate(`/cases/${item.id}`)} style={{ cursor: 'pointer' }}>
                      <MapPoint
                        point={item.location}
                        projection={projection}
                        color={colourOf.get(classOf(item.categoryCode)) ?? '#888'}
                        r={7}
                        title={`${byCode.get(item.categoryCode)?.name ?? item.categoryCode} · ${t.cases.status[item.status]}`}
                      />
                    </g>
                  ))
                )
              }
            </JurisdictionMap>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t.cases.map.byCategory(shown.length)}>
            <CategoryBars rows={rows} selected={major} onSelect={(key) => setMajor(key === major ? undefined : key)} />
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}

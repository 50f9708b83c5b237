import { Alert, Card, Col, DatePicker, Flex, Row, Segmented, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useRequest } from '../../../hooks/useRequest';
import { useI18n } from '../../../i18n';
import { useSignedIn } from '../../auth/session';
import { areaCodesUnder } from '../../map/boundaries';
import { JurisdictionMap, MapPoint } from '../../map/JurisdictionMap';
import { useJurisdictions } from '../../org/JurisdictionContext';
import { useCategories } from '../categories';
import { CategoryBars } from './CategoryBars';
import { casesForMap, colourFor, majorClassOf, MAP_CASE_LIMIT } from './caseMap';
import { HeatLayer } from './HeatLayer';
import { usePeriod, type Period } from './usePeriod';

type Mode = 'points' | 'heat';

/** Cases of the period on the map of the user's jurisdiction: as points coloured by class, or as heat for one class or all. */
export default function CaseMapPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { grant } = useSignedIn();
  const { items: jurisdictions, selected } = useJurisdictions();
  const { period, setPeriod, query } = usePeriod();
  const [mode, setMode] = useState<Mode>('heat');
  const [major, setMajor] = useState<string | undefined>();
  const categories = useCategories().data ?? [];
  const byCode = useMemo(() => new Map(categories.map((category) => [category.code, category])), [categories]);
  const majors = categories.filter((category) => !category.parentCode);

  const root = selected?.code ?? grant.jurisdiction.code;
  const codes = areaCodesUnder(root, jurisdictions, 2);
  const cases = useRequest((signal) => casesForMap({ ...query, jurisdictionCode: root }, signal), [query.from, query.to, root]);

  const classOf = (code: string) => majorClassOf(code, byCode);
  const all = cases.data?.items ?? [];
  const shown = major ? all.filter((item) => classOf(item.category.code) === major) : all;
  const colourOf = new Map(majors.map((category, index) => [category.code, colourFor(index)]));
  const rows = majors
    .map((category) => ({ key: category.code, name: category.name, count: all.filter((item) => classOf(item.category.code) === category.code).length, colour: colourOf.get(category.code)! }))
    .filter((row) => row.count > 0)
    .sort((a, b) => b.count - a.count);

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" gap={12} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t.nav.caseMap}
        </Typography.Title>
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
      </Flex>
      {cases.error !== undefined && <ErrorAlert error={cases.error} onRetry={cases.reload} />}
      {cases.data && cases.data.total > MAP_CASE_LIMIT && <Alert type="info" showIcon title={t.cases.map.truncated(MAP_CASE_LIMIT, cases.data.total)} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card size="small">
            <JurisdictionMap codes={codes} ariaLabel={t.cases.map.label} testId="case-map">
              {(projection) =>
                mode === 'heat' ? (
                  <HeatLayer projection={projection} cases={shown} />
                ) : (
                  shown.map((item) => (
                    <g key={item.id} onClick={() => navigate(`/cases/${item.id}`)} style={{ cursor: 'pointer' }}>
                      <MapPoint point={item.location!} projection={projection} color={colourOf.get(classOf(item.category.code)) ?? '#888'} r={7} title={`${item.number} · ${item.category.name}`} />
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

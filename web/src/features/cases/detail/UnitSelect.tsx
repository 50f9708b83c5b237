import { Select } from 'antd';
import { useRequest } from '../../../hooks/useRequest';
import { useI18n } from '../../../i18n';
import { listDepartments } from '../../org/api';
import { useJurisdictions } from '../../org/JurisdictionContext';
import type { UnitRef } from '../types';

/** A unit as the select holds it: `department:<code>` or `jurisdiction:<code>`. */
export function toUnitRef(value: string): UnitRef {
  const [kind, code] = value.split(':');
  return kind === 'department' ? { departmentCode: code } : { jurisdictionCode: code };
}

interface UnitSelectProps {
  value?: string;
  onChange?(value: string | undefined): void;
  id?: string;
}

/** The units a case can go to: departments and external bodies, and the streets and communities in scope. */
export function UnitSelect({ value, onChange, id }: UnitSelectProps) {
  const { t } = useI18n();
  const { items } = useJurisdictions();
  const { data: departments, loading } = useRequest((signal) => listDepartments(signal), []);
  const areas = items.filter((item) => item.level === 'street' || item.level === 'community');
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      loading={loading}
      placeholder={t.cases.actions.unitPlaceholder}
      options={[
        {
          label: t.cases.actions.departments,
          options: (departments ?? []).map((department) => ({ value: `department:${department.code}`, label: department.name })),
        },
        { label: t.cases.actions.areas, options: areas.map((area) => ({ value: `jurisdiction:${area.code}`, label: area.name })) },
      ]}
      data-testid="unit-select"
    />
  );
}

import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useI18n } from '../../i18n';
import { useJurisdictions } from './JurisdictionContext';
import { pathTo, type JurisdictionNode } from './jurisdictionTree';

interface PickerOption {
  value: string;
  title: string;
  children?: PickerOption[];
}

const toOption = (node: JurisdictionNode): PickerOption => ({
  value: node.code,
  title: node.name,
  children: node.children?.map(toOption),
});

/** The header's choice of the jurisdiction the user is working in, from the tree of their scope. */
export function JurisdictionPicker() {
  const { tree, byCode, selected, select, loading, error } = useJurisdictions();
  const { t } = useI18n();
  const options = useMemo(() => tree.map(toOption), [tree]);

  return (
    <TreeSelect
      style={{ width: '100%', maxWidth: 320 }}
      treeData={options}
      value={selected?.code}
      onChange={(code: string) => select(code)}
      treeDefaultExpandedKeys={selected ? pathTo(selected.code, byCode) : []}
      showSearch={{ treeNodeFilterProp: 'title' }}
      loading={loading}
      disabled={Boolean(error)}
      status={error ? 'error' : undefined}
      placeholder={error ? t.header.jurisdictionUnavailable : t.header.jurisdictionPlaceholder}
      aria-label={t.header.jurisdictionPlaceholder}
      data-testid="jurisdiction-picker"
    />
  );
}

import { Flex, Select, Tooltip, Typography } from 'antd';
import { InfoCircleOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n';
import { useSignedIn } from '../auth/session';
import { REGISTRY_PURPOSES, useRegistryPurpose, type Purpose } from './purposes';

/** The purpose the registry pages read under, in the page header; changing it reloads what the page shows. */
export function PurposeSelect() {
  const { t } = useI18n();
  const { grant } = useSignedIn();
  const [purpose, setPurpose] = useRegistryPurpose(grant.role);
  return (
    <Flex align="center" gap={8} wrap>
      <Typography.Text type="secondary">
        {t.registry.purpose}{' '}
        <Tooltip title={t.registry.purposeHint}>
          <InfoCircleOutlined />
        </Tooltip>
      </Typography.Text>
      <Select<Purpose>
        value={purpose}
        onChange={setPurpose}
        style={{ minWidth: 140 }}
        data-testid="registry-purpose"
        options={(REGISTRY_PURPOSES[grant.role] ?? []).map((p) => ({ value: p, label: t.purposes[p] }))}
      />
    </Flex>
  );
}

/** The purpose the current page reads under. */
export function usePagePurpose(): Purpose {
  const { grant } = useSignedIn();
  return useRegistryPurpose(grant.role)[0];
}

import { Alert } from 'antd';
import { useI18n } from '../../i18n';
import { useCatalogue } from './catalogue';
import type { ShareNote } from './types';

/** For a department reading under its grants: what the grants allow, and which fields are masked or left out. */
export function ShareNoteAlert({ share }: { share: ShareNote }) {
  const { t, locale } = useI18n();
  const catalogue = useCatalogue();
  const names = (keys: readonly string[]) =>
    keys
      .map((key) => {
        const field = catalogue?.fields.find((f) => f.key === key);
        return field ? (locale === 'en' ? field.nameEn : field.name) : key;
      })
      .join(locale === 'en' ? ', ' : '、');
  return (
    <Alert
      type="info"
      showIcon
      data-testid="share-note"
      title={t.registry.share.underGrant(share.grants.map((g) => g.legalBasis).join('；'))}
      description={[share.masked.length > 0 && t.registry.share.masked(names(share.masked)), share.withheld.length > 0 && t.registry.share.withheld(names(share.withheld))]
        .filter(Boolean)
        .join(' ')}
    />
  );
}

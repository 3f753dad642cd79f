import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/common';
import { ScreenIcon } from '../components/icons';

export type LaterScreen = 'targets' | 'reviews' | 'appraisals';

/** Screens whose features are planned but not built: say so plainly instead of showing dead controls. */
export function Later({ screen }: { screen: LaterScreen }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t(`nav.${screen}`)} />
      <section className="empty-state">
        <span className="empty-icon">
          <ScreenIcon screen={screen} />
        </span>
        <h2>{t('later.notice')}</h2>
        <p>{t(`later.${screen}`)}</p>
      </section>
    </>
  );
}

import { useCallback, useEffect, useRef, useState, type MouseEvent } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { Review } from '../../../shared/contract/schemas';
import {
  ActionMeta,
  ChangedMark,
  formatAchievement,
  formatReviewValue,
  kpiName,
  PaceLine,
  ReviewTrend,
  StatusWord,
  useScopeName,
  type ReviewContext,
} from './ReviewParts';
import { usePeriodName } from './ViewPickers';

const NOTE_FIELDS = ['happened', 'why', 'next'] as const;

/** Clicking a button with the mouse leaves focus where it was, so the keys keep stepping. */
const keepFocus = (e: MouseEvent) => e.preventDefault();

/**
 * The review on a projector: the whole screen, large type and high contrast, one KPI per step.
 * Clickers send PageDown/PageUp (or the arrows); Space steps on too, Home and End jump to the
 * first and last KPI, Escape leaves. Focus sits on the view from the start, so the first key
 * press already steps.
 */
export function ReviewPresenter({
  review,
  context,
  start,
  onClose,
}: {
  review: Review;
  context: ReviewContext;
  start: number;
  /** Called with the step shown last, so the session can open on that KPI. */
  onClose: (index: number) => void;
}) {
  const { t } = useTranslation();
  const periodName = usePeriodName();
  const scopeName = useScopeName();
  const total = review.kpis.length;
  const [index, setIndex] = useState(() => Math.min(Math.max(0, start), total - 1));
  const view = useRef<HTMLDivElement>(null);
  // The key handlers are set up once; they read the step shown and the callback from here.
  const shown = useRef(index);
  const close = useRef(onClose);
  useEffect(() => {
    shown.current = index;
    close.current = onClose;
  });
  const leave = useCallback(() => close.current(shown.current), []);

  useEffect(() => {
    view.current?.focus();
    // The screen behind is out of reach while presenting: no Tab into it, no scrolling it.
    const root = document.getElementById('root');
    root?.setAttribute('inert', '');
    const overflow = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    return () => {
      root?.removeAttribute('inert');
      document.body.style.overflow = overflow;
    };
  }, []);

  useEffect(() => {
    // Full screen where the host allows it; refused (or absent, as in tests), the view still
    // fills the window. Escape in full screen is taken by the browser, which leaves full screen:
    // the presenter leaves with it, so one press is enough.
    const page = document.documentElement;
    let entered = false;
    const onChange = () => {
      if (document.fullscreenElement) entered = true;
      else if (entered) leave();
    };
    document.addEventListener('fullscreenchange', onChange);
    if (typeof page.requestFullscreen === 'function' && !document.fullscreenElement) {
      page.requestFullscreen().catch(() => undefined);
    }
    return () => {
      document.removeEventListener('fullscreenchange', onChange);
      if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
    };
  }, [leave]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      // Space and Enter on a focused button press that button, not the next step as well.
      const onControl = (e.target as Element | null)?.closest?.('button, a, select, input, textarea');
      if ((e.key === ' ' || e.key === 'Enter') && onControl) return;
      let step: (i: number) => number;
      switch (e.key) {
        case 'ArrowRight':
        case 'PageDown':
        case ' ':
          step = (i) => i + 1;
          break;
        case 'ArrowLeft':
        case 'PageUp':
          step = (i) => i - 1;
          break;
        case 'Home':
          step = () => 0;
          break;
        case 'End':
          step = () => total - 1;
          break;
        case 'Escape':
          e.preventDefault();
          leave();
          return;
        default:
          return;
      }
      e.preventDefault();
      setIndex((i) => Math.min(total - 1, Math.max(0, step(i))));
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [total, leave]);

  const kpi = review.kpis[index]!;
  const name = kpiName(context, kpi.kpi);
  const note = review.notes[kpi.kpi];
  const noted = NOTE_FIELDS.filter((f) => note?.[f]);
  const actions = review.actions.filter((a) => a.kpi === kpi.kpi);
  const fmt = (v: number | null | undefined) => formatReviewValue(context, kpi.kpi, v);
  // Without a target the status word says so; "Target —" would say nothing more.
  const targetParts = [
    kpi.target !== null ? t('reviews.presenter.target', { value: fmt(kpi.target) }) : null,
    kpi.achievement !== null
      ? t('reviews.presenter.achievement', { value: formatAchievement(context, kpi.achievement) })
      : null,
  ].filter((part): part is string => part !== null);

  return createPortal(
    <div
      ref={view}
      className="presenter"
      role="dialog"
      aria-modal="true"
      aria-label={t('reviews.presenter.label', { title: review.title })}
      aria-describedby="presenter-keys"
      tabIndex={-1}
      data-testid="presenter"
    >
      <header className="presenter-bar">
        <p className="presenter-review">
          <strong>{review.title}</strong>
          <span>
            {periodName(review.period)} · {scopeName(review.scope)}
          </span>
        </p>
        <div className="presenter-controls">
          <span className="presenter-counter" data-testid="presenter-step">
            {index + 1} / {total}
          </span>
          <button
            type="button"
            className="presenter-button"
            disabled={index === 0}
            onMouseDown={keepFocus}
            onClick={() => setIndex((i) => Math.max(0, i - 1))}
            aria-label={t('reviews.kpi.previous')}
            aria-keyshortcuts="ArrowLeft PageUp"
          >
            ‹
          </button>
          <button
            type="button"
            className="presenter-button"
            disabled={index === total - 1}
            onMouseDown={keepFocus}
            onClick={() => setIndex((i) => Math.min(total - 1, i + 1))}
            aria-label={t('reviews.kpi.next')}
            aria-keyshortcuts="ArrowRight PageDown Space"
          >
            ›
          </button>
          <button
            type="button"
            className="presenter-button presenter-exit"
            onClick={leave}
            aria-keyshortcuts="Escape"
          >
            {t('reviews.presenter.exit')}
          </button>
        </div>
      </header>
      <div className="presenter-slide" key={kpi.kpi} data-kpi={kpi.kpi}>
        <div className="presenter-main">
          <h2 className="presenter-kpi">{name}</h2>
          <p className="presenter-value" data-testid="presenter-value">
            {fmt(kpi.value)}
          </p>
          {targetParts.length > 0 ? (
            <p className="presenter-target">
              {/* A narrow screen breaks the line between the parts, not inside an amount. */}
              {targetParts.map((part, i) => (
                <span key={i}>
                  {i > 0 ? ' · ' : null}
                  <span className="nowrap">{part}</span>
                </span>
              ))}
            </p>
          ) : null}
          <div className="presenter-status">
            <StatusWord status={kpi.status} className="status-large" />
            {kpi.changedSinceReview && kpi.current ? (
              <span className="presenter-now">{t('reviews.kpi.now', { value: fmt(kpi.current.value) })}</span>
            ) : null}
          </div>
          <ChangedMark kpi={kpi} />
          <PaceLine kpi={kpi} context={context} />
          <div className="presenter-chart">
            <ReviewTrend kpi={kpi} context={context} tickSize={15} />
          </div>
        </div>
        <div className="presenter-side" role="region" aria-label={t('reviews.presenter.side')} tabIndex={0}>
          <h3>{t('reviews.notes.title')}</h3>
          {noted.length === 0 ? (
            <p className="presenter-empty">{t('reviews.presenter.noNotes')}</p>
          ) : (
            <dl className="presenter-notes">
              {noted.map((f) => (
                <div key={f}>
                  <dt>{t(`reviews.notes.${f}`)}</dt>
                  <dd>{note![f]}</dd>
                </div>
              ))}
            </dl>
          )}
          <h3>{t('reviews.actions.title')}</h3>
          {actions.length === 0 ? (
            <p className="presenter-empty">{t('reviews.presenter.noActions')}</p>
          ) : (
            <ul className="presenter-actions">
              {actions.map((a) => (
                <li key={a.id}>
                  <span className="presenter-action-text">{a.text}</span>
                  <ActionMeta action={a} />
                  <span className={`presenter-action-status action-status-${a.status}`}>
                    {t(`reviews.actions.statuses.${a.status}`)}
                    {a.carried ? ` · ${t('reviews.actions.carried')}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <p className="presenter-keys" id="presenter-keys">
        {t('reviews.presenter.keys')}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {t('reviews.presenter.announce', { n: index + 1, total, kpi: name })}
      </p>
    </div>,
    document.body,
  );
}

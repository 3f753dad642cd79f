import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScopeDim } from '../../../shared/contract/schemas';
import { isLanguage, uiLocale } from '../i18n';
import {
  FIRST_YEAR,
  LAST_YEAR,
  grainOf,
  hasFiscalYears,
  normalisePeriod,
  periodBounds,
  periodOf,
  periodsBetween,
  shiftPeriod,
  type PeriodGrain,
} from '../lib/periods';

/** `Maret 2025`, `K1 2025` / `Q1 2025`, `2025`, or `1 Jan 2025 – 15 Feb 2025`, in the UI language. */
export function usePeriodName(): (label: string) => string {
  const { t, i18n } = useTranslation();
  const locale = uiLocale(isLanguage(i18n.language) ? i18n.language : 'id');
  return (label: string) => {
    const grain = grainOf(label);
    const { from, to } = grain ? periodBounds(label) : { from: '', to: '' };
    const date = (iso: string, options: Intl.DateTimeFormatOptions) =>
      new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
    switch (grain) {
      case 'month':
        return date(from, { month: 'long', year: 'numeric' });
      case 'quarter':
        return t('period.quarterName', { quarter: label.slice(-1), year: label.slice(0, 4) });
      case 'year':
        return label;
      case 'fiscal':
        // An April–March year is written 2025/26, as Indonesian and English reports write it.
        return t('period.fiscalYearName', {
          year: label.slice(2),
          next: String(Number(label.slice(2)) + 1).slice(-2),
        });
      case 'range':
        return `${date(from, { day: 'numeric', month: 'short', year: 'numeric' })} – ${date(to, { day: 'numeric', month: 'short', year: 'numeric' })}`;
      default:
        return label;
    }
  };
}

/**
 * Month, quarter, year or a custom range, offering every period between the first and last day
 * with data; previous and next by button or Alt+← / Alt+→ anywhere on the screen.
 */
export function PeriodPicker({
  period,
  range,
  until,
  onChange,
}: {
  period: string;
  /** The first and last day with data; null when the workspace has none yet. */
  range: { first: string; last: string } | null;
  /** The last day the ‹ › buttons may reach (today or the last day with data, whichever is later). */
  until?: string;
  onChange: (period: string) => void;
}) {
  const { t } = useTranslation();
  const name = usePeriodName();
  const grainId = useId();
  const periodId = useId();
  const grain = grainOf(period) ?? 'month';
  const { from, to } = periodBounds(period);
  // Stepping stops at the data: before the first day with data there is nothing to show, and
  // after today (or the last day with data) nothing has happened yet.
  const canGoBack = !range || from > range.first;
  const end = [range?.last, until].filter(Boolean).sort().at(-1);
  const canGoOn = !end || to < end;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight')) return;
      // Not while typing (Alt+arrows move by word in a field) or behind an open dialog.
      const target = e.target as HTMLElement | null;
      if (target?.closest?.('input, textarea, [contenteditable="true"]')) return;
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      e.preventDefault();
      if (e.key === 'ArrowLeft' ? canGoBack : canGoOn)
        onChange(shiftPeriod(period, e.key === 'ArrowLeft' ? -1 : 1));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [period, onChange, canGoBack, canGoOn]);

  const changeGrain = (next: PeriodGrain) => {
    if (next === 'range') onChange(`${from}..${to}`);
    // The new grain's period that holds the end of the one shown (the latest data stays in view).
    else onChange(periodOf(next, to));
  };
  let options: string[] = [];
  if (grain !== 'range') {
    // Every period from the first data up to today (or the last data, if later): months that
    // have targets but no numbers yet are chosen like any other.
    options = range ? periodsBetween(grain, range.first, end ?? range.last) : [];
    if (!options.includes(period)) options = [period, ...options];
  }

  return (
    <div className="picker" role="group" aria-label={t('period.label')}>
      <label className="visually-hidden" htmlFor={grainId}>
        {t('period.grain')}
      </label>
      <select id={grainId} value={grain} onChange={(e) => changeGrain(e.target.value as PeriodGrain)}>
        {(
          ['month', 'quarter', 'year', ...(hasFiscalYears() ? (['fiscal'] as const) : []), 'range'] as const
        ).map((g) => (
          <option key={g} value={g}>
            {t(`period.grains.${g}`)}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button button-secondary picker-step"
        disabled={!canGoBack}
        onClick={() => onChange(shiftPeriod(period, -1))}
        aria-label={t('period.previous')}
        title={`${t('period.previous')} (Alt+←)`}
        aria-keyshortcuts="Alt+ArrowLeft"
      >
        ‹
      </button>
      {grain === 'range' ? (
        <RangeForm key={period} from={from} to={to} onChange={onChange} />
      ) : (
        <>
          <label className="visually-hidden" htmlFor={periodId}>
            {t('period.label')}
          </label>
          <select id={periodId} value={period} onChange={(e) => onChange(e.target.value)}>
            {options.map((p) => (
              <option key={p} value={p}>
                {name(p)}
              </option>
            ))}
          </select>
        </>
      )}
      <button
        type="button"
        className="button button-secondary picker-step"
        disabled={!canGoOn}
        onClick={() => onChange(shiftPeriod(period, 1))}
        aria-label={t('period.next')}
        title={`${t('period.next')} (Alt+→)`}
        aria-keyshortcuts="Alt+ArrowRight"
      >
        ›
      </button>
    </div>
  );
}

/** Two dates and Apply; a new period shown resets the draft (the form is keyed by it). */
function RangeForm({ from, to, onChange }: { from: string; to: string; onChange: (period: string) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState({ from, to });
  const valid = draft.from && draft.to && draft.from <= draft.to;
  return (
    <form
      className="picker-range"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) onChange(normalisePeriod(`${draft.from}..${draft.to}`));
      }}
    >
      <label>
        <span className="visually-hidden">{t('period.from')}</span>
        <input
          type="date"
          min={`${FIRST_YEAR}-01-01`}
          max={`${LAST_YEAR}-12-31`}
          value={draft.from}
          onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
        />
      </label>
      <span aria-hidden="true">–</span>
      <label>
        <span className="visually-hidden">{t('period.to')}</span>
        <input
          type="date"
          min={`${FIRST_YEAR}-01-01`}
          max={`${LAST_YEAR}-12-31`}
          value={draft.to}
          onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
        />
      </label>
      <button type="submit" className="button button-secondary" disabled={!valid}>
        {t('period.apply')}
      </button>
    </form>
  );
}

export type ScopeChoice = { dim: ScopeDim; name: string } | null;

export const scopeDimsShown: readonly ScopeDim[] = ['team', 'owner', 'source', 'campaign', 'platform'];

/** `owner=Budi Santoso` in the URL; null for the whole company. */
export function scopeFromParam(value: string | null): ScopeChoice {
  const m = value ? /^(owner|team|source|campaign|platform)=(.+)$/.exec(value) : null;
  return m ? { dim: m[1] as ScopeDim, name: m[2]! } : null;
}

/**
 * The scope from the address as the workspace spells it (names match whatever their case), or
 * `unknown` when no such name exists; null `scope` is the whole company.
 */
export function knownScope(
  asked: ScopeChoice,
  names: Record<ScopeDim, string[]>,
): { scope: ScopeChoice; unknown: ScopeChoice } {
  if (!asked) return { scope: null, unknown: null };
  const name = names[asked.dim].find((n) => n.toLowerCase() === asked.name.toLowerCase());
  return name === undefined
    ? { scope: null, unknown: asked }
    : { scope: { dim: asked.dim, name }, unknown: null };
}

export const scopeToParam = (scope: ScopeChoice) => (scope ? `${scope.dim}=${scope.name}` : null);

/** The whole company, or one team, person, source, campaign or platform the workspace knows. */
export function ScopePicker({
  scope,
  names,
  onChange,
}: {
  scope: ScopeChoice;
  names: Record<ScopeDim, string[]>;
  onChange: (scope: ScopeChoice) => void;
}) {
  const { t } = useTranslation();
  const dimId = useId();
  const nameId = useId();
  const dims = scopeDimsShown.filter((d) => names[d].length > 0);
  return (
    <div className="picker" role="group" aria-label={t('scope.label')}>
      <label className="visually-hidden" htmlFor={dimId}>
        {t('scope.label')}
      </label>
      <select
        id={dimId}
        value={scope?.dim ?? ''}
        onChange={(e) => {
          const dim = e.target.value as ScopeDim | '';
          onChange(dim ? { dim, name: names[dim][0]! } : null);
        }}
      >
        <option value="">{t('scope.company')}</option>
        {dims.map((d) => (
          <option key={d} value={d}>
            {t(`scope.dims.${d}`)}
          </option>
        ))}
      </select>
      {scope ? (
        <>
          <label className="visually-hidden" htmlFor={nameId}>
            {t(`scope.dims.${scope.dim}`)}
          </label>
          <select
            id={nameId}
            value={scope.name}
            onChange={(e) => onChange({ dim: scope.dim, name: e.target.value })}
          >
            {(names[scope.dim].includes(scope.name)
              ? names[scope.dim]
              : [scope.name, ...names[scope.dim]]
            ).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </>
      ) : null}
    </div>
  );
}

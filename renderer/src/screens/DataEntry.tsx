import {
  useCallback,
  useId,
  useMemo,
  useRef,
  useState,
  type ClipboardEvent,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import type {
  KpiDefinition,
  KpiRow,
  KpiUnit,
  ManualValue,
  ScopeDim,
  WorkspaceInfo,
} from '../../../shared/contract/schemas';
import {
  formatKpiValue,
  formatMoney,
  formatMonth,
  formatNumber,
  monthNames,
  numberSymbols,
  parseLocaleNumber,
  type FormatSettings,
} from '../../../shared/format';
import { derivedKpis } from '../../../shared/kpi/groups';
import {
  MAX_VALUES_PER_SAVE,
  valueUnitProblem,
  type ValueUnitProblem,
} from '../../../shared/kpi/manual-values';
import { errorMessage, useClient } from '../api/client-context';
import { ErrorNotice, Loading, PageHeader } from '../components/common';
import { knownScope, scopeFromParam, scopeToParam } from '../components/ViewPickers';
import { isLanguage, uiLocale, type Language } from '../i18n';
import { FIRST_YEAR, LAST_YEAR } from '../lib/periods';
import { setRouteParams, useRouteParam } from '../lib/route';
import { useLoad } from '../lib/use-load';

const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS = 12;

/** The example a message shows, written the way this workspace writes numbers. */
function exampleFor(unit: KpiUnit, settings: FormatSettings): string {
  switch (unit) {
    case 'money':
      return formatMoney(1234567, settings.currency, settings.locale);
    case 'percent':
      return `${formatNumber(12.5, settings.locale)}%`;
    case 'count':
      return formatNumber(1234567, settings.locale);
    default:
      return formatNumber(1234.5, settings.locale);
  }
}

/** The text a stored value is edited as: plain numbers, and percentages in points. */
function editableText(value: number, unit: KpiUnit, locale: string): string {
  return formatNumber(unit === 'percent' ? value * 100 : value, locale, { maximumFractionDigits: 6 });
}

/** The unit's rule a value broke, as the screen says it (the core refuses the same, in English). */
const UNIT_PROBLEM_TEXT = {
  finite: 'parse.invalid',
  too_large: 'dataEntry.tooLarge',
  rate: 'dataEntry.badRate',
  count: 'dataEntry.badCount',
  duration: 'dataEntry.badDuration',
} as const satisfies Record<ValueUnitProblem, string>;

/**
 * KPI values per month for a year, for the whole company or one person: typed, pasted from a
 * spreadsheet, or shown read-only where imported facts give the value.
 */
export function DataEntry({ workspace }: { workspace: WorkspaceInfo }) {
  const client = useClient();
  const { t } = useTranslation();
  const yearId = useId();
  const scopeId = useId();
  const loadOverview = useCallback(
    () => Promise.all([client.kpi.catalog({}), client.data.range({}), client.scopes.list({})]),
    [client],
  );
  const overview = useLoad(loadOverview);
  const yearParam = useRouteParam('year');
  const asked = scopeFromParam(useRouteParam('scope'));
  const [thisYear] = useState(() => new Date().getFullYear());

  if (overview.status === 'loading') return <Loading />;
  if (overview.status === 'error') return <ErrorNotice message={overview.error} />;
  const [catalog, range, scopeNames] = overview.value;
  const names = scopeNames as Record<ScopeDim, string[]>;
  // Values are typed for the company or one person; any other scope in the address is said so.
  const { scope, unknown } = knownScope(asked?.dim === 'owner' ? asked : null, names);
  const notTyped = asked && asked.dim !== 'owner' ? asked : null;
  const owner = scope?.name ?? null;
  // Achievement, CAC and ROMI come from their parts; they are never typed.
  const kpis = catalog.filter((k) => !Object.hasOwn(derivedKpis, k.code));

  const first = Number((range.first ?? `${thisYear}`).slice(0, 4));
  const last = Number((range.last ?? `${thisYear}`).slice(0, 4));
  const askedYear = Number(yearParam);
  const year = askedYear >= FIRST_YEAR && askedYear <= LAST_YEAR ? askedYear : thisYear;
  // Every year with data, the last few (values are often typed in from old reports) and the next.
  const years: number[] = [];
  const newest = Math.min(LAST_YEAR, Math.max(last, thisYear + 1));
  const oldest = Math.max(FIRST_YEAR, Math.min(first, thisYear - 5));
  for (let y = newest; y >= oldest; y--) years.push(y);
  if (!years.includes(year)) years.push(year);
  years.sort((a, b) => b - a);

  return (
    <>
      <PageHeader title={t('dataEntry.title')} subtitle={t('dataEntry.subtitle')}>
        <div className="picker">
          <label htmlFor={yearId}>{t('dataEntry.year')}</label>
          <select id={yearId} value={year} onChange={(e) => setRouteParams({ year: e.target.value })}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <div className="picker">
          <label htmlFor={scopeId}>{t('dataEntry.scope')}</label>
          <select
            id={scopeId}
            value={scopeToParam(scope) ?? ''}
            onChange={(e) => setRouteParams({ scope: e.target.value || null })}
          >
            <option value="">{t('scope.company')}</option>
            {names.owner.length ? (
              <optgroup label={t('dataEntry.people')}>
                {names.owner.map((n) => (
                  <option key={n} value={scopeToParam({ dim: 'owner', name: n })!}>
                    {n}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>
        </div>
      </PageHeader>
      {unknown ? (
        <ErrorNotice
          title={t('dashboard.unknownScope', { dim: t(`scope.dims.${unknown.dim}`), name: unknown.name })}
          message={t('dashboard.unknownScopeHint')}
        />
      ) : null}
      {notTyped ? (
        <p className="notice" role="status">
          {t('dataEntry.scopeNotTyped', { dim: t(`scope.dims.${notTyped.dim}`), name: notTyped.name })}
        </p>
      ) : null}
      {/* Keyed by year and person: an edit open for one never saves into another. */}
      <EntryGrid key={`${year}/${owner ?? ''}`} year={year} owner={owner} kpis={kpis} workspace={workspace} />
    </>
  );
}

interface Shown {
  value: number | null;
  origin: KpiRow['origin'];
}

interface GridData {
  /** Which reading this is (see `generation` in EntryGrid). */
  generation: number;
  /** Typed values of the year by `kpi|period`. */
  typed: Map<string, ManualValue>;
  /** What the engine shows by `kpi|period`: the typed value or one computed from facts. */
  shown: Map<string, Shown>;
  manualWins: Set<string>;
}

/** A cell as a write left it, before the next reading confirms it. */
interface Override {
  generation: number;
  kpi: string;
  period: string;
  typed: ManualValue | null;
  shown: Shown;
}

interface Position {
  row: number;
  col: number;
}

interface Editing extends Position {
  text: string;
}

/** What a cell holds and whether it can be typed into. */
interface CellState {
  typed: ManualValue | undefined;
  shown: number | null;
  /** The engine shows a value computed from facts here: it is not typed over. */
  computed: boolean;
  /** A typed value the computed one outranks. */
  hidden: boolean;
}

type Notice =
  | { kind: 'success' | 'info'; text: string }
  | { kind: 'error'; title: string; lines: string[]; useTypedFor?: string[] };

const key = (kpi: string, period: string) => `${kpi}|${period}`;

function EntryGrid({
  year,
  owner,
  kpis,
  workspace,
}: {
  year: number;
  owner: string | null;
  kpis: KpiDefinition[];
  workspace: WorkspaceInfo;
}) {
  const client = useClient();
  const { t, i18n } = useTranslation();
  const language: Language = isLanguage(i18n.language) ? i18n.language : 'id';
  const words = uiLocale(language);
  const { locale, currency } = workspace.settings;
  const settings = useMemo<FormatSettings>(() => ({ locale, currency }), [locale, currency]);
  const noteId = useId();
  const errorId = useId();
  const months = useMemo(() => Array.from({ length: MONTHS }, (_, i) => `${year}-${pad(i + 1)}`), [year]);
  const scope = useMemo(() => (owner === null ? undefined : { owner }), [owner]);
  const codes = useMemo(() => kpis.map((k) => k.code), [kpis]);

  /** Bumped after every write: the grid re-reads what the core now shows. */
  const [generation, setGeneration] = useState(0);
  const generations = useRef(0);
  const load = useCallback(async (): Promise<GridData> => {
    const [values, rows, kpiSettings] = await Promise.all([
      client.values.list({ scope }),
      client.kpi.query({
        kpis: codes,
        // The calendar year (a fiscal one is `FY2026`), month by month.
        period: String(year),
        grain: 'month',
        scope: owner === null ? undefined : { dim: 'owner', name: owner },
      }),
      client.kpi.settingsList({}),
    ]);
    return {
      generation,
      typed: new Map(
        values.filter((v) => v.period.startsWith(`${year}-`)).map((v) => [key(v.kpi, v.period), v]),
      ),
      shown: new Map(rows.map((r) => [key(r.kpi, r.period), { value: r.value, origin: r.origin }])),
      manualWins: new Set(kpiSettings.filter((s) => s.manualWins).map((s) => s.kpi)),
    };
  }, [client, scope, owner, year, codes, generation]);
  const state = useLoad(load);
  const loaded = state.status === 'ready' ? state.value : state.previous;
  /**
   * What a write just changed, shown at once as the core answered it, until a reading made
   * after that write arrives.
   */
  const [overrides, setOverrides] = useState<Override[]>([]);
  const data = useMemo<GridData | undefined>(() => {
    if (!loaded) return undefined;
    const newer = overrides.filter((o) => o.generation > loaded.generation);
    if (!newer.length) return loaded;
    const typed = new Map(loaded.typed);
    const shown = new Map(loaded.shown);
    for (const o of newer) {
      const at = key(o.kpi, o.period);
      if (o.typed) typed.set(at, o.typed);
      else typed.delete(at);
      shown.set(at, o.shown);
    }
    return { ...loaded, typed, shown };
  }, [loaded, overrides]);

  /** After a write: what it changed (if known), and a fresh reading of the grid. */
  function written(changes: Omit<Override, 'generation'>[] = []) {
    const next = ++generations.current;
    setOverrides((list) => [
      ...list.filter((o) => !loaded || o.generation > loaded.generation),
      ...changes.map((c) => ({ ...c, generation: next })),
    ]);
    setGeneration(next);
  }

  const [active, setActive] = useState<Position>(() => {
    const now = new Date();
    return { row: 0, col: now.getFullYear() === year ? now.getMonth() : 0 };
  });
  const [editing, setEditing] = useState<Editing | null>(null);
  /** The edit in progress as the handlers see it, so a blur after a commit does not commit twice. */
  const editRef = useRef<Editing | null>(null);
  const [editError, setEditError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  /** Saved values the computed ones outrank, by KPI: said, with the switch right there. */
  const [shadowed, setShadowed] = useState<{ kpi: string; months: string[]; shown: number | null } | null>(
    null,
  );
  const [deleted, setDeleted] = useState<(ManualValue & { owner: string | null }) | null>(null);
  const [waitingFor, setWaitingFor] = useState<string | null>(null);
  const gridRef = useRef<HTMLTableElement>(null);
  const firstColumn = useRef(active.col);
  /** The grid opens scrolled to the month it starts on (this month, in this year). */
  const scrollToFirstColumn = useCallback((frame: HTMLDivElement | null) => {
    const cell = frame?.querySelector<HTMLElement>(`[data-cell="0-${firstColumn.current}"]`);
    const rowHeader = frame?.querySelector<HTMLElement>('th[scope="row"]');
    if (frame && cell) frame.scrollLeft = Math.max(0, cell.offsetLeft - (rowHeader?.offsetWidth ?? 0) - 24);
  }, []);

  const nameOf = (kpi: KpiDefinition) => kpi.name[language];
  const monthName = (period: string) => formatMonth(period, words, 'long');
  const currencySymbol = useMemo(
    () =>
      new Intl.NumberFormat(locale, { style: 'currency', currency })
        .formatToParts(1)
        .find((p) => p.type === 'currency')?.value ?? currency,
    [locale, currency],
  );

  const cellOf = (kpi: KpiDefinition, period: string): CellState => {
    const typed = data?.typed.get(key(kpi.code, period));
    const row = data?.shown.get(key(kpi.code, period));
    const fromFacts = row?.origin === 'computed';
    // Where typed values win for this KPI, a value computed from facts is typed over like any other.
    const computed = fromFacts && !data?.manualWins.has(kpi.code);
    return { typed, shown: row ? row.value : (typed?.value ?? null), computed, hidden: fromFacts && !!typed };
  };
  /** The KPI has computed values this year, or typed ones set to win: its rule matters here. */
  const ruleMatters = (kpi: KpiDefinition) =>
    !!data &&
    (data.manualWins.has(kpi.code) ||
      months.some((m) => data.shown.get(key(kpi.code, m))?.origin === 'computed'));

  /** Money shows without its symbol in the grid (the row names it), every other unit as usual. */
  const cellText = (kpi: KpiDefinition, value: number | null) => {
    const text = formatKpiValue(value, kpi.unit, settings);
    return value !== null && kpi.unit === 'money'
      ? text
          .replace(currencySymbol, '')
          .replace(/^([-−]?)\s+/, '$1')
          .trim()
      : text;
  };

  /** The text a user typed, read in the workspace's number format and checked by the KPI's unit. */
  function readValue(
    text: string,
    unit: KpiUnit,
  ): { ok: true; value: number } | { ok: false; message: string } {
    const example = exampleFor(unit, settings);
    const parsed = parseLocaleNumber(text, locale, { percent: unit === 'percent' });
    if (!parsed.ok) {
      const { group, decimal } = numberSymbols(locale);
      return { ok: false, message: t(`parse.${parsed.error}`, { example, group, decimal }) };
    }
    const problem = valueUnitProblem(unit, parsed.value);
    if (problem) return { ok: false, message: t(UNIT_PROBLEM_TEXT[problem], { example }) };
    return { ok: true, value: parsed.value };
  }

  const focusCell = (p: Position) => {
    setActive(p);
    gridRef.current?.querySelector<HTMLElement>(`[data-cell="${p.row}-${p.col}"]`)?.focus();
  };

  /**
   * A write made while an import runs waits for it (the import holds the workspace); say so
   * rather than leave the user wondering whether it was kept.
   */
  async function write<T>(call: () => Promise<T>): Promise<T> {
    // Once anything else is written, undoing an earlier delete could overwrite it: the offer ends
    // as the write starts, so a Ctrl+Z pressed while it is on its way cannot bring the old value
    // back. (A delete offers its own undo once it is done; an undo has read what it restores.)
    setDeleted(null);
    const waitCheck = setTimeout(() => {
      void client.import.progress({}).then(
        (p) => p && setWaitingFor(p.file.split(/[\\/]/).pop() ?? p.file),
        () => undefined,
      );
    }, 400);
    try {
      return await call();
    } finally {
      clearTimeout(waitCheck);
      setWaitingFor(null);
    }
  }

  /** Shows saved values as the core says they are shown, and says where a computed one wins. */
  function showSaved(saved: (ManualValue & { inEffect: boolean; shownValue: number | null })[]) {
    written(
      saved.map(({ inEffect, shownValue, ...typed }) => ({
        kpi: typed.kpi,
        period: typed.period,
        typed,
        shown: { value: shownValue, origin: inEffect ? 'manual' : 'computed' },
      })),
    );
    const hidden = saved.filter((s) => !s.inEffect);
    setShadowed(
      hidden.length
        ? { kpi: hidden[0]!.kpi, months: hidden.map((s) => s.period), shown: hidden[0]!.shownValue }
        : null,
    );
  }

  async function saveOne(kpi: KpiDefinition, period: string, value: number, note: string | null) {
    setNotice(null);
    try {
      const saved = await write(() => client.values.set({ kpi: kpi.code, period, value, note, scope }));
      showSaved([saved]);
      setNotice({
        kind: 'success',
        text: t('dataEntry.saved', {
          kpi: nameOf(kpi),
          month: monthName(period),
          value: formatKpiValue(saved.value, kpi.unit, settings),
        }),
      });
      return true;
    } catch (e) {
      setNotice({ kind: 'error', title: t('dataEntry.saveFailed'), lines: [errorMessage(e)] });
      written();
      return false;
    }
  }

  async function remove(p: Position) {
    const kpi = kpis[p.row]!;
    const period = months[p.col]!;
    const cell = cellOf(kpi, period);
    if (!cell.typed) {
      if (cell.computed)
        setNotice({
          kind: 'info',
          text: t('dataEntry.readOnly', { kpi: nameOf(kpi), month: monthName(period) }),
        });
      return;
    }
    const gone = cell.typed;
    setNotice(null);
    setShadowed(null);
    try {
      await write(() => client.values.delete({ kpi: kpi.code, period, scope }));
      setDeleted({ ...gone, owner });
      // A computed value the typed one covered shows again once the grid is read anew.
      written([
        {
          kpi: kpi.code,
          period,
          typed: null,
          shown: cell.computed ? { value: cell.shown, origin: 'computed' } : { value: null, origin: null },
        },
      ]);
    } catch (e) {
      setNotice({ kind: 'error', title: t('dataEntry.saveFailed'), lines: [errorMessage(e)] });
      written();
    }
  }

  async function undoDelete() {
    if (!deleted) return;
    const kpi = kpis.find((k) => k.code === deleted.kpi);
    try {
      const saved = await write(() =>
        client.values.set({
          kpi: deleted.kpi,
          period: deleted.period,
          value: deleted.value,
          note: deleted.note,
          scope: deleted.owner === null ? undefined : { owner: deleted.owner },
        }),
      );
      setDeleted(null);
      showSaved([saved]);
      setNotice({
        kind: 'success',
        text: t('dataEntry.restored', {
          kpi: kpi ? nameOf(kpi) : deleted.kpi,
          month: monthName(deleted.period),
        }),
      });
    } catch (e) {
      setNotice({ kind: 'error', title: t('dataEntry.saveFailed'), lines: [errorMessage(e)] });
      written();
    }
  }

  async function setRule(kpi: KpiDefinition, manualWins: boolean) {
    try {
      await write(() => client.kpi.settings({ kpi: kpi.code, manualWins }));
      setShadowed(null);
      setNotice({
        kind: 'success',
        text: t(manualWins ? 'dataEntry.typedWins' : 'dataEntry.computedWins', { kpi: nameOf(kpi) }),
      });
    } catch (e) {
      setNotice({ kind: 'error', title: t('dataEntry.saveFailed'), lines: [errorMessage(e)] });
    } finally {
      written();
    }
  }

  function startEdit(p: Position, text?: string) {
    const kpi = kpis[p.row]!;
    const period = months[p.col]!;
    const cell = cellOf(kpi, period);
    if (cell.computed) {
      setNotice({
        kind: 'info',
        text: t('dataEntry.readOnly', { kpi: nameOf(kpi), month: monthName(period) }),
      });
      return;
    }
    const next = {
      ...p,
      text: text ?? (cell.typed ? editableText(cell.typed.value, kpi.unit, locale) : ''),
    };
    editRef.current = next;
    setEditing(next);
    setEditError(null);
    setActive(p);
  }

  function endEdit() {
    editRef.current = null;
    setEditing(null);
    setEditError(null);
  }

  /** The cell a move from p lands on: arrows stop at the edges, Tab runs on to the next row. */
  function moved(p: Position, how: 'up' | 'down' | 'left' | 'right' | 'next' | 'previous'): Position | null {
    const { row, col } = p;
    switch (how) {
      case 'up':
        return row > 0 ? { row: row - 1, col } : null;
      case 'down':
        return row < kpis.length - 1 ? { row: row + 1, col } : null;
      case 'left':
        return col > 0 ? { row, col: col - 1 } : null;
      case 'right':
        return col < MONTHS - 1 ? { row, col: col + 1 } : null;
      case 'next':
        if (col < MONTHS - 1) return { row, col: col + 1 };
        return row < kpis.length - 1 ? { row: row + 1, col: 0 } : null;
      case 'previous':
        if (col > 0) return { row, col: col - 1 };
        return row > 0 ? { row: row - 1, col: MONTHS - 1 } : null;
    }
  }

  /**
   * Ends the edit in progress: an unreadable value keeps the editor open and says why (or, when
   * focus went elsewhere, says it was not saved); an emptied cell deletes its value.
   */
  function commit(then: Position | null, leaving = false): boolean {
    const edit = editRef.current;
    if (!edit) return true;
    const kpi = kpis[edit.row]!;
    const period = months[edit.col]!;
    const cell = cellOf(kpi, period);
    const text = edit.text.trim();
    if (text === '') {
      endEdit();
      if (then) focusCell(then);
      if (cell.typed) void remove(edit);
      return true;
    }
    const read = readValue(text, kpi.unit);
    if (!read.ok) {
      if (leaving) {
        endEdit();
        setNotice({
          kind: 'error',
          title: t('dataEntry.saveFailed'),
          lines: [
            t('dataEntry.notSaved', { kpi: nameOf(kpi), month: monthName(period), reason: read.message }),
          ],
        });
        return true;
      }
      setEditError(read.message);
      return false;
    }
    endEdit();
    if (then) focusCell(then);
    if (cell.typed?.value !== read.value) void saveOne(kpi, period, read.value, cell.typed?.note ?? null);
    return true;
  }

  function onEditorKey(e: KeyboardEvent<HTMLInputElement>) {
    const edit = editRef.current;
    if (!edit) return;
    e.stopPropagation();
    const here = { row: edit.row, col: edit.col };
    const go = (how: Parameters<typeof moved>[1]) => {
      e.preventDefault();
      commit(moved(here, how) ?? here);
    };
    if (e.key === 'Enter') go(e.shiftKey ? 'up' : 'down');
    else if (e.key === 'Tab') go(e.shiftKey ? 'previous' : 'next');
    else if (e.key === 'ArrowUp') go('up');
    else if (e.key === 'ArrowDown') go('down');
    else if (e.key === 'Escape') {
      e.preventDefault();
      endEdit();
      focusCell(here);
    }
  }

  function onCellKey(e: KeyboardEvent<HTMLTableCellElement>, p: Position) {
    const arrows: Record<string, Parameters<typeof moved>[1]> = {
      ArrowUp: 'up',
      ArrowDown: 'down',
      ArrowLeft: 'left',
      ArrowRight: 'right',
    };
    const command = e.ctrlKey || e.metaKey;
    if (e.key in arrows && !e.altKey) {
      e.preventDefault();
      const to = moved(p, arrows[e.key]!);
      if (to) focusCell(to);
    } else if (e.key === 'Tab') {
      // Past the grid's last (or first) cell Tab leaves it, as everywhere else.
      const to = moved(p, e.shiftKey ? 'previous' : 'next');
      if (to) {
        e.preventDefault();
        focusCell(to);
      }
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      const row = command ? (e.key === 'Home' ? 0 : kpis.length - 1) : p.row;
      focusCell({ row, col: e.key === 'Home' ? 0 : MONTHS - 1 });
    } else if (e.key === 'F2' && e.shiftKey) {
      e.preventDefault();
      document.getElementById(noteId)?.focus();
    } else if (e.key === 'Enter' || e.key === 'F2') {
      e.preventDefault();
      startEdit(p);
    } else if (e.key === 'Delete') {
      e.preventDefault();
      void remove(p);
    } else if (e.key === 'Backspace') {
      e.preventDefault();
      startEdit(p, '');
    } else if (command && e.key.toLowerCase() === 'z' && deleted) {
      e.preventDefault();
      void undoDelete();
    } else if (e.key.length === 1 && !command && !e.altKey) {
      // Typing over a cell replaces its value, as in a spreadsheet.
      e.preventDefault();
      startEdit(p, e.key);
    }
  }

  function onPaste(e: ClipboardEvent<HTMLTableElement>) {
    const text = e.clipboardData.getData('text/plain');
    // One value pasted into an open editor is ordinary text editing.
    if (editRef.current && !/[\t\n\r]/.test(text.replace(/[\r\n]+$/, ''))) return;
    e.preventDefault();
    // The block starts at the cell the paste landed in (the focused one).
    const [row, col] = ((e.target as HTMLElement).closest('[data-cell]')?.getAttribute('data-cell') ?? '')
      .split('-')
      .map(Number);
    const at = row !== undefined && col !== undefined && !Number.isNaN(row + col) ? { row, col } : active;
    endEdit();
    void pasteBlock(text, at);
  }

  /**
   * A block copied from a spreadsheet (tab-separated cells, one line per row), from the cell `at`
   * rightwards and down. Every cell is read and checked first: one bad cell and nothing is
   * saved; otherwise the block is saved in one call that keeps all of it or none.
   */
  async function pasteBlock(text: string, at: Position) {
    setNotice(null);
    setShadowed(null);
    const lines = text
      .replace(/\r\n?/g, '\n')
      .replace(/\n+$/, '')
      .split('\n')
      .map((line) => line.split('\t').map((c) => c.trim()));
    const filled = lines.flatMap((cells, i) =>
      cells.map((c, j) => ({ i, j, text: c })).filter((c) => c.text),
    );
    if (!filled.length) {
      setNotice({ kind: 'info', text: t('dataEntry.pasteEmpty') });
      return;
    }
    const rows = Math.max(...filled.map((c) => c.i)) + 1;
    const columns = Math.max(...filled.map((c) => c.j)) + 1;
    const startKpi = kpis[at.row]!;
    if (at.row + rows > kpis.length || at.col + columns > MONTHS) {
      setNotice({
        kind: 'error',
        title: t('dataEntry.pasteRefused'),
        lines: [
          t('dataEntry.pasteTooBig', {
            rows,
            columns,
            kpi: nameOf(startKpi),
            month: monthName(months[at.col]!),
            roomRows: kpis.length - at.row,
            roomColumns: MONTHS - at.col,
          }),
        ],
      });
      return;
    }
    if (filled.length > MAX_VALUES_PER_SAVE) {
      setNotice({
        kind: 'error',
        title: t('dataEntry.pasteRefused'),
        lines: [t('dataEntry.pasteTooMany', { max: formatNumber(MAX_VALUES_PER_SAVE, locale) })],
      });
      return;
    }
    const problems: string[] = [];
    const readOnly = new Set<string>();
    const values: { kpi: string; period: string; value: number; note: string | null }[] = [];
    for (const c of filled) {
      const kpi = kpis[at.row + c.i]!;
      const period = months[at.col + c.j]!;
      const cell = cellOf(kpi, period);
      const read = readValue(c.text, kpi.unit);
      const problem = !read.ok ? read.message : cell.computed ? t('dataEntry.pasteReadOnly') : null;
      if (cell.computed) readOnly.add(kpi.code);
      if (problem)
        problems.push(
          t('dataEntry.pasteProblem', {
            kpi: nameOf(kpi),
            month: monthName(period),
            text: c.text,
            expected: problem,
          }),
        );
      else if (read.ok)
        values.push({ kpi: kpi.code, period, value: read.value, note: cell.typed?.note ?? null });
    }
    if (problems.length) {
      const listed = problems.slice(0, 5);
      if (problems.length > listed.length)
        listed.push(t('dataEntry.pasteMore', { count: problems.length - listed.length }));
      setNotice({
        kind: 'error',
        title: t('dataEntry.pasteRefused'),
        lines: listed,
        useTypedFor: [...readOnly],
      });
      return;
    }
    try {
      const saved = await write(() => client.values.setMany({ scope, values }));
      showSaved(saved);
      setNotice({ kind: 'success', text: t('dataEntry.pasted', { count: saved.length }) });
    } catch (e) {
      setNotice({ kind: 'error', title: t('dataEntry.pasteRefused'), lines: [errorMessage(e)] });
      written();
    }
  }

  const loadError = state.status === 'error' ? state.error : null;
  if (!data) return loadError ? <ErrorNotice message={loadError} /> : <Loading />;

  const activeKpi = kpis[active.row];
  const activePeriod = months[active.col]!;
  const shortMonths = monthNames(words, 'short');
  const scopeName = owner ?? t('scope.company');
  const kpiByCode = (code: string) => kpis.find((k) => k.code === code);
  const shadowedKpi = shadowed ? kpiByCode(shadowed.kpi) : undefined;

  return (
    <div className="entry">
      {activeKpi ? (
        <CellPanel
          key={key(activeKpi.code, activePeriod)}
          kpi={activeKpi}
          period={activePeriod}
          cell={cellOf(activeKpi, activePeriod)}
          noteId={noteId}
          ruleMatters={ruleMatters(activeKpi)}
          manualWins={data.manualWins.has(activeKpi.code)}
          cellText={(v) => formatKpiValue(v, activeKpi.unit, settings)}
          onNoteSave={async (note) => {
            const typed = cellOf(activeKpi, activePeriod).typed;
            if (!typed) return;
            if (await saveOne(activeKpi, activePeriod, typed.value, note))
              setNotice({
                kind: 'success',
                text: t('dataEntry.noteSaved', { kpi: nameOf(activeKpi), month: monthName(activePeriod) }),
              });
          }}
          onNoteDone={() => focusCell(active)}
          onDelete={() => void remove(active)}
          onRule={(manualWins) => void setRule(activeKpi, manualWins)}
        />
      ) : null}

      {/* Fixed to the window: what a save or paste did stays in view wherever the grid is scrolled. */}
      <div className="entry-toasts" aria-live="polite">
        {waitingFor ? (
          <Toast role="status">{t('dataEntry.waitingForImport', { file: waitingFor })}</Toast>
        ) : null}
        {notice?.kind === 'success' || notice?.kind === 'info' ? (
          <Toast
            role="status"
            className={notice.kind === 'success' ? 'notice-success' : ''}
            onClose={() => setNotice(null)}
          >
            {notice.text}
          </Toast>
        ) : null}
        {notice?.kind === 'error' ? (
          <Toast role="alert" className="notice-error" onClose={() => setNotice(null)}>
            <strong>{notice.title}</strong>
            {notice.lines.map((line, i) => (
              <span key={i} className="notice-detail">
                {line}
              </span>
            ))}
            {notice.useTypedFor?.map((code) => {
              const kpi = kpiByCode(code);
              return kpi ? (
                <button
                  key={code}
                  type="button"
                  className="button button-small button-secondary"
                  onClick={() => void setRule(kpi, true)}
                >
                  {t('dataEntry.useTypedFor', { kpi: nameOf(kpi) })}
                </button>
              ) : null;
            })}
          </Toast>
        ) : null}
        {shadowed && shadowedKpi ? (
          <Toast role="status" onClose={() => setShadowed(null)}>
            <span>
              {shadowed.months.length === 1
                ? t('dataEntry.shadowed', {
                    kpi: nameOf(shadowedKpi),
                    value: formatKpiValue(shadowed.shown, shadowedKpi.unit, settings),
                  })
                : t('dataEntry.shadowedMany', { kpi: nameOf(shadowedKpi), count: shadowed.months.length })}
            </span>
            <button
              type="button"
              className="button button-small button-secondary"
              onClick={() => void setRule(shadowedKpi, true)}
            >
              {t('dataEntry.useTyped')}
            </button>
          </Toast>
        ) : null}
        {deleted ? (
          <Toast role="status" onClose={() => setDeleted(null)}>
            <span>
              {t('dataEntry.deleted', {
                kpi: nameOf(kpiByCode(deleted.kpi) ?? activeKpi!),
                month: monthName(deleted.period),
              })}
            </span>
            <button
              type="button"
              className="button button-small button-secondary"
              onClick={() => void undoDelete()}
            >
              {t('dataEntry.undo')}
            </button>
          </Toast>
        ) : null}
        {loadError ? (
          <Toast role="alert" className="notice-error">
            <strong>{t('app.loadFailed')}</strong>
            <span className="notice-detail">{loadError}</span>
          </Toast>
        ) : null}
      </div>

      <div className="entry-legend">
        <p className="muted">{t('dataEntry.keys')}</p>
        <ul className="legend" aria-hidden="true">
          <li>
            <span className="legend-swatch is-computed" /> {t('dataEntry.legendComputed')}
          </li>
          <li>
            <span className="legend-swatch has-note" /> {t('dataEntry.legendNote')}
          </li>
          <li>
            <span className="legend-swatch is-hidden" /> {t('dataEntry.legendHidden')}
          </li>
        </ul>
      </div>

      <div className="entry-scroll" ref={scrollToFirstColumn}>
        <table className="entry-grid" role="grid" ref={gridRef} onPaste={onPaste}>
          <caption className="visually-hidden">{t('dataEntry.caption', { scope: scopeName, year })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dataEntry.kpi')}</th>
              {shortMonths.map((m) => (
                <th key={m} scope="col">
                  {m}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {kpis.map((kpi, row) => {
              const name = kpi.unit === 'money' ? `${nameOf(kpi)} (${currencySymbol})` : nameOf(kpi);
              return (
                <tr key={kpi.code}>
                  <th scope="row" title={name}>
                    {name}
                  </th>
                  {months.map((period, col) => {
                    const cell = cellOf(kpi, period);
                    const isActive = active.row === row && active.col === col;
                    const isEditing = editing?.row === row && editing.col === col;
                    const note = cell.typed?.note ?? null;
                    const hiddenWords = cell.hidden
                      ? t('dataEntry.hiddenMark', {
                          value: formatKpiValue(cell.typed!.value, kpi.unit, settings),
                        })
                      : null;
                    const tip = [
                      cell.computed ? t('dataEntry.computedMark') : null,
                      hiddenWords,
                      note ? t('dataEntry.noteMark', { note }) : null,
                    ]
                      .filter(Boolean)
                      .join('\n');
                    const describedBy = note || hiddenWords ? `${noteId}-${row}-${col}` : undefined;
                    return (
                      <td
                        key={period}
                        data-cell={`${row}-${col}`}
                        tabIndex={isActive && !isEditing ? 0 : -1}
                        aria-selected={isActive}
                        aria-readonly={cell.computed || undefined}
                        aria-describedby={describedBy}
                        title={tip || undefined}
                        className={[
                          'entry-cell',
                          cell.typed && !cell.hidden ? 'is-typed' : '',
                          cell.computed ? 'is-computed' : '',
                          cell.hidden ? 'is-hidden' : '',
                          note ? 'has-note' : '',
                          isEditing ? 'is-editing' : '',
                        ]
                          .filter(Boolean)
                          .join(' ')}
                        onFocus={() => setActive({ row, col })}
                        onClick={() => {
                          if (!isEditing) focusCell({ row, col });
                        }}
                        onDoubleClick={() => startEdit({ row, col })}
                        onKeyDown={(e) => {
                          if (!isEditing) onCellKey(e, { row, col });
                        }}
                      >
                        {isEditing ? (
                          <>
                            <input
                              className="entry-editor"
                              type="text"
                              inputMode="decimal"
                              autoComplete="off"
                              aria-label={t('dataEntry.editLabel', {
                                kpi: nameOf(kpi),
                                month: monthName(period),
                              })}
                              aria-invalid={editError ? true : undefined}
                              aria-describedby={errorId}
                              value={editing.text}
                              ref={(input) => {
                                // Focus once, with the caret after what was typed.
                                if (input && document.activeElement !== input) {
                                  input.focus();
                                  input.setSelectionRange(input.value.length, input.value.length);
                                }
                              }}
                              onChange={(e) => {
                                const next = { ...editing, text: e.target.value };
                                editRef.current = next;
                                setEditing(next);
                                setEditError(null);
                              }}
                              onKeyDown={onEditorKey}
                              onBlur={() => commit(null, true)}
                            />
                            {/* What the text reads as, or why it cannot be kept, right where it is typed. */}
                            <span
                              id={errorId}
                              className={[
                                'entry-popover',
                                // Opens towards the grid's middle, so its frame never cuts it off.
                                row >= kpis.length - 2 ? 'is-above' : '',
                                col < MONTHS / 2 ? 'is-start' : '',
                                editError ? 'is-error' : '',
                              ]
                                .filter(Boolean)
                                .join(' ')}
                              role={editError ? 'alert' : undefined}
                            >
                              {editError ?? (
                                <EditHint
                                  kpi={kpi}
                                  text={editing.text}
                                  settings={settings}
                                  readValue={readValue}
                                />
                              )}
                            </span>
                          </>
                        ) : (
                          <>
                            <span className="visually-hidden">
                              {t('dataEntry.cellLabel', { kpi: nameOf(kpi), month: monthName(period) })}:{' '}
                            </span>
                            <span data-testid="entry-value">{cellText(kpi, cell.shown)}</span>
                            {cell.computed ? (
                              <span className="visually-hidden"> ({t('dataEntry.computedMark')})</span>
                            ) : null}
                            {describedBy ? (
                              <span id={describedBy} hidden>
                                {[hiddenWords, note ? t('dataEntry.noteMark', { note }) : null]
                                  .filter(Boolean)
                                  .join('. ')}
                              </span>
                            ) : null}
                          </>
                        )}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** How to write a number here, and how the text typed so far reads. */
function EditHint({
  kpi,
  text,
  settings,
  readValue,
}: {
  kpi: KpiDefinition;
  text: string;
  settings: FormatSettings;
  readValue: (text: string, unit: KpiUnit) => { ok: true; value: number } | { ok: false; message: string };
}) {
  const { t } = useTranslation();
  // Keeps `Rp 1.234.567` on one line wherever the hint wraps.
  const example = exampleFor(kpi.unit, settings).replace(/ /g, '\u00a0');
  const read = text.trim() ? readValue(text, kpi.unit) : null;
  return (
    <>
      {kpi.unit === 'percent'
        ? t('dataEntry.percentHint', { example })
        : t('dataEntry.valueHint', { example })}
      {read?.ok ? (
        <>
          {' · '}
          <strong className="preview">
            {t('dataEntry.reads', { value: formatKpiValue(read.value, kpi.unit, settings) })}
          </strong>
        </>
      ) : null}
    </>
  );
}

/** A message over the grid's lower edge, closed with its × or replaced by the next one. */
function Toast({
  role,
  className,
  onClose,
  children,
}: {
  role: 'status' | 'alert';
  className?: string;
  onClose?: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className={`notice toast ${className ?? ''}`}>
      <div className="toast-body" role={role}>
        {children}
      </div>
      {onClose ? (
        <button type="button" className="toast-close" aria-label={t('dataEntry.dismiss')} onClick={onClose}>
          ×
        </button>
      ) : null}
    </div>
  );
}

/**
 * The selected cell: where its value comes from, its note, the KPI's rule for a typed value
 * meeting a computed one, and Delete.
 */
function CellPanel({
  kpi,
  period,
  cell,
  noteId,
  ruleMatters,
  manualWins,
  cellText,
  onNoteSave,
  onNoteDone,
  onDelete,
  onRule,
}: {
  kpi: KpiDefinition;
  period: string;
  cell: CellState;
  noteId: string;
  ruleMatters: boolean;
  manualWins: boolean;
  cellText: (value: number | null) => string;
  onNoteSave: (note: string | null) => Promise<void>;
  onNoteDone: () => void;
  onDelete: () => void;
  onRule: (manualWins: boolean) => void;
}) {
  const { t, i18n } = useTranslation();
  const language: Language = isLanguage(i18n.language) ? i18n.language : 'id';
  const words = uiLocale(language);
  const ruleId = useId();
  const saved = cell.typed?.note ?? '';
  const [note, setNote] = useState(saved);
  const [saving, setSaving] = useState(false);
  const month = formatMonth(period, words, 'long');
  const dateTime = new Intl.DateTimeFormat(words, { dateStyle: 'medium', timeStyle: 'short' });

  let source: string;
  if (cell.hidden)
    source = `${t('dataEntry.sourceComputed', { definition: kpi.definition[language] })} ${t('dataEntry.sourceHidden', { value: cellText(cell.typed!.value) })}`;
  else if (cell.computed) source = t('dataEntry.sourceComputed', { definition: kpi.definition[language] });
  else if (cell.typed)
    source = t('dataEntry.sourceTyped', { time: dateTime.format(new Date(cell.typed.updatedAt)) });
  else source = t('dataEntry.sourceEmpty');

  async function save() {
    setSaving(true);
    try {
      await onNoteSave(note.trim() || null);
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="card entry-panel" aria-labelledby={`${noteId}-title`}>
      <div className="entry-panel-head">
        <h2 id={`${noteId}-title`} className="card-title">
          {t('dataEntry.cellLabel', { kpi: kpi.name[language], month })}
        </h2>
        <p className="muted entry-source">{source}</p>
      </div>
      <div className="entry-panel-row">
        <div className="field entry-note">
          <label className="field-label" htmlFor={noteId}>
            {t('dataEntry.note')}
          </label>
          <input
            id={noteId}
            type="text"
            maxLength={2000}
            value={note}
            disabled={!cell.typed}
            placeholder={cell.typed ? t('dataEntry.notePlaceholder') : t('dataEntry.noteFirstValue')}
            title={cell.typed ? undefined : t('dataEntry.noteNeedsValue')}
            onChange={(e) => setNote(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                if (note !== saved) void save().then(onNoteDone);
                else onNoteDone();
              } else if (e.key === 'Escape') {
                e.preventDefault();
                setNote(saved);
                onNoteDone();
              }
            }}
          />
        </div>
        <button
          type="button"
          className="button button-secondary"
          disabled={!cell.typed || saving || note === saved}
          onClick={() => void save()}
        >
          {saving ? t('dataEntry.saving') : t('dataEntry.saveNote')}
        </button>
        <button type="button" className="button button-secondary" disabled={!cell.typed} onClick={onDelete}>
          {t('dataEntry.deleteValue')}
        </button>
        {ruleMatters ? (
          <div className="field entry-rule">
            <label className="field-label" htmlFor={ruleId}>
              {t('dataEntry.rule', { kpi: kpi.name[language] })}
            </label>
            <select
              id={ruleId}
              value={manualWins ? 'typed' : 'computed'}
              onChange={(e) => onRule(e.target.value === 'typed')}
            >
              <option value="computed">{t('dataEntry.ruleComputed')}</option>
              <option value="typed">{t('dataEntry.ruleTyped')}</option>
            </select>
          </div>
        ) : null}
      </div>
    </section>
  );
}

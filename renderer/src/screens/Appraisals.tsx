import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Appraisal, KpiDefinition, ScopeDim, WorkspaceInfo } from '../../../shared/contract/schemas';
import { formatPercent, type FormatSettings } from '../../../shared/format';
import { errorMessage, useClient } from '../api/client-context';
import {
  AppraisalRules,
  AppraisalSummary,
  AppraisalTable,
  bandOf,
  useBandText,
} from '../components/AppraisalSheet';
import { PdfExport } from '../components/PdfExport';
import { ErrorNotice, Loading, PageHeader } from '../components/common';
import { ScorecardsPanel } from '../components/ScorecardEditor';
import { PeriodPicker, usePeriodName } from '../components/ViewPickers';
import { grainOf, localTodayIso, periodBounds, periodOf, shiftPeriod } from '../lib/periods';
import { setRouteParams, useRouteParam } from '../lib/route';
import { useLoad } from '../lib/use-load';

type View = 'team' | 'scorecards';
type Names = Record<ScopeDim, string[]>;

/** `#/appraisals?…` with some parameters changed: links, so Back returns from a person to the team. */
function hrefWith(changes: Record<string, string | null>): string {
  const at = window.location.hash.indexOf('?');
  const params = new URLSearchParams(at < 0 ? '' : window.location.hash.slice(at + 1));
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) params.delete(k);
    else params.set(k, v);
  }
  const query = params.toString();
  return `#/appraisals${query ? `?${query}` : ''}`;
}

/**
 * The quarter to appraise when none is chosen: the last one the data covers to its end (the
 * running quarter is not over yet), or the only one there is.
 */
function defaultPeriod(range: { first: string; last: string } | null, today: string): string {
  const last = range?.last ?? today;
  const quarter = periodOf('quarter', last);
  const before = shiftPeriod(quarter, -1);
  const complete = periodBounds(quarter).to <= last;
  return complete || !range || periodBounds(before).to < range.first ? quarter : before;
}

/**
 * Appraisals (DESIGN §6): a team lead's overview of a team's scores for a period, each person's
 * weighted scorecard with comments and sign-offs, and the scorecards themselves. Period, team
 * and person live in the address, so the view reopens as it was left.
 */
export function Appraisals({ workspace }: { workspace: WorkspaceInfo }) {
  const client = useClient();
  const { t } = useTranslation();
  const loadOverview = useCallback(
    () => Promise.all([client.kpi.catalog({}), client.data.range({}), client.scopes.list({})]),
    [client],
  );
  const overview = useLoad(loadOverview);
  const view: View = useRouteParam('view') === 'scorecards' ? 'scorecards' : 'team';
  const periodParam = useRouteParam('period');
  const teamParam = useRouteParam('team');
  const person = useRouteParam('person');
  const setPeriod = useCallback((p: string) => setRouteParams({ period: p }), []);

  if (overview.status === 'loading') return <Loading />;
  if (overview.status === 'error') return <ErrorNotice message={overview.error} />;
  const [catalog, range, scopeNames] = overview.value;
  const names = scopeNames as Names;
  const today = localTodayIso();
  const dataRange = range.first && range.last ? { first: range.first, last: range.last } : null;
  const period = periodParam && grainOf(periodParam) ? periodParam : defaultPeriod(dataRange, today);
  const teams = names.team;
  // A team from the address is matched as the workspace spells it; none chosen is the first.
  const team = teamParam
    ? (teams.find((n) => n.toLowerCase() === teamParam.toLowerCase()) ?? null)
    : (teams[0] ?? null);

  return (
    <>
      <PageHeader title={t('appraisals.title')} subtitle={t('appraisals.subtitle')}>
        {view === 'team' ? (
          <>
            <PeriodPicker period={period} range={dataRange} until={today} onChange={setPeriod} />
            {teams.length > 0 ? <TeamPicker team={team} teams={teams} /> : null}
          </>
        ) : null}
      </PageHeader>
      <ViewSwitch view={view} />
      {view === 'scorecards' ? (
        <ScorecardsPanel catalog={catalog} names={names} workspace={workspace} />
      ) : person ? (
        <PersonAppraisal
          key={`${person}|${period}`}
          person={person}
          period={period}
          // Without a team in the address the way back is to the person's own team.
          team={teamParam ? team : null}
          catalog={catalog}
          workspace={workspace}
        />
      ) : teams.length === 0 ? (
        <section className="empty-state">
          <h2>{t('appraisals.noTeams')}</h2>
          <p>{t('appraisals.noTeamsHint')}</p>
          <p className="empty-actions">
            <a className="button" href={hrefWith({ view: 'scorecards' })}>
              {t('appraisals.overview.setUpScorecards')}
            </a>
          </p>
        </section>
      ) : team === null ? (
        <ErrorNotice
          title={t('appraisals.unknownTeam', { name: teamParam ?? '' })}
          message={t('appraisals.unknownTeamHint')}
        />
      ) : (
        <TeamOverview key={`${team}|${period}`} team={team} period={period} workspace={workspace} />
      )}
    </>
  );
}

function ViewSwitch({ view }: { view: View }) {
  const { t } = useTranslation();
  return (
    <div
      className="segmented segmented-full view-switch"
      role="group"
      aria-label={t('appraisals.views.label')}
    >
      {(['team', 'scorecards'] as const).map((v) => (
        <button
          key={v}
          type="button"
          aria-pressed={view === v}
          onClick={() => setRouteParams({ view: v === 'team' ? null : v, person: null })}
        >
          {t(`appraisals.views.${v}`)}
        </button>
      ))}
    </div>
  );
}

function TeamPicker({ team, teams }: { team: string | null; teams: string[] }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="picker">
      <label htmlFor={id}>{t('appraisals.team')}</label>
      <select
        id={id}
        value={team ?? ''}
        onChange={(e) => setRouteParams({ team: e.target.value, person: null })}
      >
        {team === null ? <option value="">{t('appraisals.chooseTeam')}</option> : null}
        {teams.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Every member of the team with scorecard, score, rating, rank and sign-off; best score first. */
function TeamOverview({
  team,
  period,
  workspace,
}: {
  team: string;
  period: string;
  workspace: WorkspaceInfo;
}) {
  const client = useClient();
  const { t } = useTranslation();
  const periodName = usePeriodName();
  const { locale, ratingBands } = workspace.settings;
  const bandText = useBandText(locale);
  const load = useCallback(() => client.appraisal.team({ team, period }), [client, team, period]);
  const state = useLoad(load);
  if (state.status === 'error') return <ErrorNotice message={state.error} />;
  if (state.status === 'loading') return <Loading />;
  const { people } = state.value;
  if (people.length === 0) {
    return (
      <section className="empty-state">
        <h2>{t('appraisals.overview.empty', { team })}</h2>
      </section>
    );
  }
  const withScorecard = people.filter((p) => p.problem === null);
  const signed = people.filter((p) => p.signed).length;
  return (
    <section className="card appraisal-overview" aria-labelledby="appraisal-overview-title">
      <div className="section-header">
        <h2 id="appraisal-overview-title" className="card-title">
          {t('appraisals.overview.title', { team, period: periodName(period) })}
        </h2>
        <p className="muted">
          {t('appraisals.overview.signedCount', { signed, total: withScorecard.length })}
        </p>
      </div>
      <div className="table-scroll">
        <table className="board appraisal-board">
          <caption className="visually-hidden">
            {t('appraisals.overview.caption', { team, period: periodName(period) })}
          </caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('appraisals.overview.rank')}
              </th>
              <th scope="col">{t('appraisals.overview.person')}</th>
              <th scope="col">{t('appraisals.overview.scorecard')}</th>
              <th scope="col">{t('appraisals.score')}</th>
              <th scope="col">{t('appraisals.ratingLabel')}</th>
              <th scope="col">{t('appraisals.overview.signed')}</th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => {
              const band = p.rating === null ? null : bandOf(p.rating, ratingBands);
              return (
                <tr key={p.person} data-person={p.person}>
                  <td className="num" data-testid="rank">
                    {p.rank ?? '—'}
                  </td>
                  <th scope="row">
                    {p.problem === null ? <a href={hrefWith({ person: p.person })}>{p.person}</a> : p.person}
                  </th>
                  {p.problem !== null ? (
                    <td colSpan={4} className="overview-problem">
                      {/* The core's reason is English for the CLI: the screen says it in the UI language. */}
                      <span>{t('appraisals.overview.noScorecard')}</span>{' '}
                      <a href={hrefWith({ view: 'scorecards', person: null })}>
                        {t('appraisals.overview.setUpScorecards')}
                      </a>
                    </td>
                  ) : (
                    <>
                      <td>{p.scorecard}</td>
                      <td data-testid="score">
                        {p.score === null ? (
                          <span className="muted">{t('appraisals.noScoreShort')}</span>
                        ) : (
                          formatPercent(p.score, locale)
                        )}
                      </td>
                      <td className="rating-cell">
                        {p.rating === null ? (
                          '—'
                        ) : (
                          <span title={band ? bandText(band) : undefined}>
                            <strong>{p.rating}</strong>
                            {band ? <span className="muted"> · {bandText(band)}</span> : null}
                          </span>
                        )}
                      </td>
                      <td>
                        {p.signed ? (
                          <span className="status-badge status-green">
                            {t('appraisals.overview.signedShort')}
                          </span>
                        ) : (
                          <span className="status-badge status-grey">
                            {t('appraisals.overview.notSignedShort')}
                          </span>
                        )}
                      </td>
                    </>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="muted table-note">{t('appraisals.overview.hint')}</p>
    </section>
  );
}

/** One person's appraisal: loaded once, then replaced by what each comment or signature returns. */
function PersonAppraisal({
  person,
  period,
  team,
  catalog,
  workspace,
}: {
  person: string;
  period: string;
  team: string | null;
  catalog: KpiDefinition[];
  workspace: WorkspaceInfo;
}) {
  const client = useClient();
  const { t } = useTranslation();
  const load = useCallback(() => client.appraisal.get({ person, period }), [client, person, period]);
  const state = useLoad(load);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') {
    return (
      <div className="appraisal-person">
        <BackLink team={team} />
        <ErrorNotice title={t('appraisals.person.notLoaded', { person })} message={state.error} />
      </div>
    );
  }
  return (
    <AppraisalView
      initial={state.value}
      catalog={catalog}
      workspace={workspace}
      back={<BackLink team={team ?? state.value.team} />}
      actions={
        <PdfExport
          what={{ kind: 'appraisal', person: state.value.person, period: state.value.period }}
          fileName={`${state.value.person.replace(/[^\p{L}\p{N}]+/gu, '-')}-${state.value.period}.pdf`}
        />
      }
    />
  );
}

function BackLink({ team }: { team: string | null }) {
  const { t } = useTranslation();
  return (
    <a
      className="button button-secondary back-link"
      href={hrefWith({ person: null, ...(team ? { team } : {}) })}
    >
      <span aria-hidden="true">←</span>{' '}
      {team ? t('appraisals.person.back', { team }) : t('appraisals.person.backToTeams')}
    </a>
  );
}

function AppraisalView({
  initial,
  catalog,
  workspace,
  back,
  actions,
}: {
  initial: Appraisal;
  catalog: KpiDefinition[];
  workspace: WorkspaceInfo;
  back: ReactNode;
  /** Actions on this appraisal beside its title, such as printing it. */
  actions?: ReactNode;
}) {
  const { t } = useTranslation();
  const periodName = usePeriodName();
  const [appraisal, setAppraisal] = useState(initial);
  const { locale, currency } = workspace.settings;
  const settings: FormatSettings = { locale, currency };
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // Opening a person moves the keyboard and the screen reader to their appraisal.
    headingRef.current?.focus();
  }, []);

  return (
    <article className="appraisal-person" aria-labelledby="appraisal-person-title">
      {back}
      <header className="appraisal-header">
        <div>
          <h2 id="appraisal-person-title" ref={headingRef} tabIndex={-1}>
            {appraisal.person}
          </h2>
          <p className="muted">
            {[
              appraisal.team,
              periodName(appraisal.period),
              t(`appraisals.person.via.${appraisal.assignedVia}`, { scorecard: appraisal.scorecard }),
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </div>
        {/* Kept free on the right for actions on the whole appraisal, such as its PDF. */}
        <div className="appraisal-actions">
          <span className={`status-badge ${appraisal.frozen ? 'status-green' : 'status-grey'}`}>
            {appraisal.frozen ? t('appraisals.overview.isSigned') : t('appraisals.overview.notSigned')}
          </span>
          {actions}
        </div>
      </header>
      {appraisal.frozen ? (
        <div className="notice notice-success" data-testid="frozen-notice">
          <strong>{t('appraisals.signed.frozen')}</strong>
          <span>{t('appraisals.signed.frozenHint')}</span>
        </div>
      ) : null}
      {appraisal.changedSinceSignOff ? (
        <div className="notice notice-warning" role="status" data-testid="changed-notice">
          <strong>{t('appraisals.signed.changed')}</strong>
          <span>{t('appraisals.signed.changedHint')}</span>
        </div>
      ) : null}
      <AppraisalSummary appraisal={appraisal} bands={appraisal.ratingBands} locale={locale} />
      <AppraisalTable appraisal={appraisal} catalog={catalog} settings={settings} />
      <AppraisalRules appraisal={appraisal} locale={locale} />
      <div className="appraisal-parties">
        {(['reviewer', 'employee'] as const).map((role) => (
          <Party key={role} role={role} appraisal={appraisal} locale={locale} onChange={setAppraisal} />
        ))}
      </div>
    </article>
  );
}

/** One party's comment and signature: the reviewer's or the employee's. */
function Party({
  role,
  appraisal,
  locale,
  onChange,
}: {
  role: 'reviewer' | 'employee';
  appraisal: Appraisal;
  locale: string;
  onChange: (a: Appraisal) => void;
}) {
  const client = useClient();
  const { t } = useTranslation();
  const periodName = usePeriodName();
  const commentId = useId();
  const nameId = useId();
  const signOff = role === 'reviewer' ? appraisal.reviewerSignOff : appraisal.employeeSignOff;
  const saved = (role === 'reviewer' ? appraisal.reviewerComment : appraisal.employeeComment) ?? '';
  const [comment, setComment] = useState(saved);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ title: string; message: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });

  async function run(call: () => Promise<Appraisal>, success: string, failure: string) {
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      onChange(await call());
      setDone(success);
    } catch (e) {
      setProblem({ title: failure, message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }

  function saveComment(e: FormEvent) {
    e.preventDefault();
    const text = comment.trim() ? comment : null;
    void run(
      () =>
        client.appraisal.comment({
          person: appraisal.person,
          period: appraisal.period,
          ...(role === 'reviewer' ? { reviewerComment: text } : { employeeComment: text }),
        }),
      t('appraisals.comments.saved'),
      t('appraisals.comments.notSaved'),
    );
  }

  function sign(e: FormEvent) {
    e.preventDefault();
    const who = name.trim();
    if (!who) {
      setProblem({ title: t('appraisals.signOff.notSigned'), message: t('appraisals.signOff.needName') });
      return;
    }
    const confirmed = window.confirm(
      t('appraisals.signOff.confirm', {
        person: appraisal.person,
        period: periodName(appraisal.period),
        name: who,
      }),
    );
    if (!confirmed) return;
    // A comment typed and not yet saved is part of what is signed: signing makes it final.
    const pending = comment.trim() !== saved.trim();
    const text = comment.trim() ? comment : null;
    void run(
      async () => {
        if (pending) {
          await client.appraisal.comment({
            person: appraisal.person,
            period: appraisal.period,
            ...(role === 'reviewer' ? { reviewerComment: text } : { employeeComment: text }),
          });
        }
        return client.appraisal.sign({ person: appraisal.person, period: appraisal.period, role, name: who });
      },
      t('appraisals.signOff.done'),
      t('appraisals.signOff.notSigned'),
    );
  }

  const unsavedComment = comment.trim() !== saved.trim();
  return (
    <section className="card party" aria-labelledby={`party-${role}`}>
      <h3 id={`party-${role}`} className="card-title">
        {t(`appraisals.parties.${role}`)}
      </h3>
      <form className="party-form" onSubmit={saveComment}>
        <label htmlFor={commentId} className="field-label">
          {t(`appraisals.comments.${role}`)}
        </label>
        <textarea
          id={commentId}
          rows={4}
          maxLength={5000}
          value={comment}
          readOnly={signOff !== null}
          aria-describedby={signOff ? `${commentId}-final` : undefined}
          onChange={(e) => setComment(e.target.value)}
        />
        {signOff ? (
          <p id={`${commentId}-final`} className="field-hint">
            {t('appraisals.comments.final')}
          </p>
        ) : (
          <div className="form-actions">
            <button type="submit" className="button button-secondary" disabled={busy || !unsavedComment}>
              {t('appraisals.comments.save')}
            </button>
          </div>
        )}
      </form>
      {signOff ? (
        <p className="signed-by" data-testid={`signed-${role}`}>
          {t('appraisals.signOff.signedBy', {
            name: signOff.name,
            at: dateTime.format(new Date(signOff.at)),
          })}
        </p>
      ) : (
        <form className="party-form sign-form" onSubmit={sign}>
          <label htmlFor={nameId} className="field-label">
            {t(`appraisals.signOff.${role}Name`)}
          </label>
          <div className="sign-row">
            <input
              id={nameId}
              type="text"
              maxLength={200}
              autoComplete="name"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <button type="submit" className="button" disabled={busy || appraisal.score === null}>
              {t(`appraisals.signOff.signAs${role === 'reviewer' ? 'Reviewer' : 'Employee'}`)}
            </button>
          </div>
          <p className="field-hint">
            {appraisal.score === null ? t('appraisals.signOff.cannotSign') : t('appraisals.signOff.hint')}
          </p>
        </form>
      )}
      {problem ? <ErrorNotice title={problem.title} message={problem.message} /> : null}
      {done ? (
        <p className="notice notice-success" role="status">
          {done}
        </p>
      ) : null}
    </section>
  );
}

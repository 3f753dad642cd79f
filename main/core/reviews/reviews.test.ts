import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/tmp.js';
import { KinerjaError } from '../../../shared/contract/errors.js';
import { builtInKpis } from '../../../shared/kpi/catalog.js';
import { dayFromIso } from '../../../shared/kpi/periods.js';
import { createDispatch } from '../dispatch.js';
import { importFile } from '../import/pipeline.js';
import { computeKpis } from '../kpi/engine.js';
import { setKpiSettings } from '../kpi/kpi-settings.js';
import { setTarget, targetRevisions } from '../kpi/targets.js';
import { Session } from '../session.js';
import type { Workspace } from '../workspace.js';
import {
  addAction,
  adjustTarget,
  closeReview,
  createReview,
  deleteReview,
  getReview,
  latestClosedReview,
  listReviews,
  saveNote,
  updateAction,
} from './reviews.js';

const tempDir = useTempDir();
let session: Session | undefined;
afterEach(() => session?.close());

const header = 'external_id,owner,team,status,amount,created_at,closed_at';
/** Tim Jakarta (Ani, Budi) wins 300 in 2026-Q1 and 50 in 2025-Q4; Tim Bandung (Citra) wins 500. */
const deals = [
  header,
  'J0,Ani,Tim Jakarta,won,50,2025-10-01,2025-11-15',
  'J1,Ani,Tim Jakarta,won,100,2026-01-05,2026-01-20',
  'J2,Budi,Tim Jakarta,won,200,2026-02-01,2026-02-15',
  'J3,Budi,Tim Jakarta,lost,0,2026-02-01,2026-03-01',
  'B1,Citra,Tim Bandung,won,500,2026-01-01,2026-01-31',
].join('\n');

const jakarta = { dim: 'team' as const, name: 'Tim Jakarta' };
const bandung = { dim: 'team' as const, name: 'Tim Bandung' };
const day = dayFromIso;

async function workspace(): Promise<{ ws: Workspace; dir: string; session: Session }> {
  const dir = tempDir();
  session = new Session();
  const ws = session.create(path.join(dir, 'w.kinerja'), { name: 'PT Uji' });
  fs.writeFileSync(path.join(dir, 'deals.csv'), deals);
  await importFile(ws.db, ws.settings, path.join(dir, 'deals.csv'), { kind: 'deals' });
  setTarget(ws.db, ws.settings, {
    kpi: 'revenue',
    period: '2026-Q1',
    scope: jakarta,
    value: 400,
    amberAt: 0.7,
  });
  return { ws, dir, session };
}

async function importMore(ws: Workspace, dir: string, rows: string[]): Promise<void> {
  const file = path.join(dir, `more-${rows.length}-${Date.now()}.csv`);
  fs.writeFileSync(file, [header, ...rows].join('\n'));
  await importFile(ws.db, ws.settings, file, { kind: 'deals' });
}

function thrown(fn: () => unknown): KinerjaError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KinerjaError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('a review walks the tracked KPIs of its period and scope', () => {
  it('names the period and scope as the workspace writes them and lists the tracked KPIs in catalog order', async () => {
    const { ws } = await workspace();
    setKpiSettings(ws.db, 'web_sessions', { tracked: false });
    const created = createReview(ws.db, ws.settings, {
      period: '2026-q1',
      scope: { dim: 'team', name: 'tim jakarta' },
    });
    expect(created).toMatchObject({
      period: '2026-Q1',
      scope: jakarta,
      title: '2026-Q1 · Tim Jakarta',
      status: 'open',
    });
    expect(createReview(ws.db, ws.settings, { period: '2026-03' }).title).toBe('2026-03');
    // A second start of the same meeting is refused while the first is open, naming it.
    expect(() => createReview(ws.db, ws.settings, { period: '2026-q1', scope: jakarta })).toThrow(
      `Review #${created.id} (2026-Q1 · Tim Jakarta) of 2026-Q1 is still open for this scope`,
    );

    const review = getReview(ws.db, ws.settings, created.id, day('2026-04-10'));
    const tracked = builtInKpis.map((k) => k.code).filter((k) => k !== 'web_sessions');
    expect(review.kpis.map((k) => k.kpi)).toEqual(tracked);
    const revenue = review.kpis.find((k) => k.kpi === 'revenue')!;
    expect(revenue).toMatchObject({
      value: 300,
      target: 400,
      achievement: 0.75,
      status: 'amber',
      targetOrigin: 'set',
      frozen: false,
      changedSinceReview: false,
      pace: null,
    });
    expect(revenue.current).toBeUndefined();
    // Six quarters ending with the review's, "—" where the team recorded nothing.
    expect(revenue.trend).toEqual([
      { period: '2024-Q4', value: null },
      { period: '2025-Q1', value: null },
      { period: '2025-Q2', value: null },
      { period: '2025-Q3', value: null },
      { period: '2025-Q4', value: 50 },
      { period: '2026-Q1', value: 300 },
    ]);
  });

  it('shows the pace of a running period as the dashboard does', async () => {
    const { ws, session } = await workspace();
    const { id } = createReview(ws.db, ws.settings, { period: '2026-Q1', scope: jakarta });
    const dispatch = createDispatch({ session });
    const review = await dispatch('reviews/get', { id, today: '2026-02-15' });
    const detail = await dispatch('kpi/detail', {
      kpi: 'revenue',
      period: '2026-Q1',
      scope: jakarta,
      today: '2026-02-15',
    });
    if (!review.ok || !detail.ok) throw new Error('expected both calls to succeed');
    const revenue = (review.value as { kpis: { kpi: string; pace: unknown }[] }).kpis.find(
      (k) => k.kpi === 'revenue',
    )!;
    expect(revenue.pace).toEqual((detail.value as { pace: unknown }).pace);
    expect(revenue.pace).toMatchObject({ elapsed: 46 / 90, expectedToDate: 400 * (46 / 90) });
  });

  it('lists the reviews of one scope, newest first, and those of every scope on request', async () => {
    const { ws } = await workspace();
    const first = createReview(ws.db, ws.settings, { period: '2026-Q1', scope: jakarta });
    const other = createReview(ws.db, ws.settings, { period: '2026-Q1', scope: bandung });
    const second = createReview(ws.db, ws.settings, {
      period: '2026-Q2',
      scope: jakarta,
      title: 'Q2 kick-off',
    });
    const company = createReview(ws.db, ws.settings, { period: '2026-Q1' });
    expect(listReviews(ws.db, { scope: { dim: 'team', name: 'TIM JAKARTA' } }).map((r) => r.id)).toEqual([
      second.id,
      first.id,
    ]);
    expect(listReviews(ws.db, {}).map((r) => r.id)).toEqual([company.id]);
    expect(listReviews(ws.db, { all: true }).map((r) => r.id)).toEqual([
      company.id,
      second.id,
      other.id,
      first.id,
    ]);
    expect(listReviews(ws.db, { scope: { dim: 'team', name: 'Tim Nowhere' } })).toEqual([]);
  });
});

describe('closing a review freezes what it showed', () => {
  it('keeps the frozen values after more data arrives and flags the difference with today’s value beside it', async () => {
    const { ws, dir } = await workspace();
    const { id } = createReview(ws.db, ws.settings, { period: '2026-Q1', scope: jakarta });
    saveNote(ws.db, {
      reviewId: id,
      kpi: 'revenue',
      happened: 'Two deals won',
      why: 'Budi closed PT Maju',
      next: 'Chase the lost one',
    });
    const closed = closeReview(ws.db, ws.settings, id, day('2026-03-20'));
    expect(closed).toMatchObject({ status: 'closed' });
    expect(closed.closedAt).not.toBeNull();

    // A late deal of March and one of another team arrive after the review.
    await importMore(ws, dir, [
      'J4,Ani,Tim Jakarta,won,100,2026-03-10,2026-03-25',
      'B2,Citra,Tim Bandung,won,900,2026-02-01,2026-02-20',
    ]);
    const review = getReview(ws.db, ws.settings, id, day('2026-06-01'));
    const kpi = (code: string) => review.kpis.find((k) => k.kpi === code)!;
    expect(kpi('revenue')).toMatchObject({
      value: 300,
      target: 400,
      achievement: 0.75,
      status: 'amber',
      frozen: true,
      changedSinceReview: true,
      current: { value: 400, target: 400, achievement: 1, status: 'green' },
    });
    // The pace and the trend are the ones shown at closing.
    expect(kpi('revenue').pace).toMatchObject({ elapsed: 79 / 90 });
    expect(kpi('revenue').trend.at(-1)).toEqual({ period: '2026-Q1', value: 300 });
    expect(kpi('deals_won')).toMatchObject({ value: 2, changedSinceReview: true, current: { value: 3 } });
    expect(kpi('win_rate')).toMatchObject({
      value: 2 / 3,
      changedSinceReview: true,
      current: { value: 3 / 4 },
    });
    // Unchanged KPIs carry no flag and no second value.
    expect(kpi('leads')).toMatchObject({ value: null, changedSinceReview: false });
    expect(kpi('leads').current).toBeUndefined();
    expect(review.notes.revenue).toMatchObject({ happened: 'Two deals won', why: 'Budi closed PT Maju' });
    expect(listReviews(ws.db, { scope: jakarta })[0]).toMatchObject({ id, status: 'closed' });
  });

  it('refuses notes, new actions, target adjustments, a second close and deletion once closed', async () => {
    const { ws } = await workspace();
    const { id } = createReview(ws.db, ws.settings, { period: '2026-Q1', scope: jakarta });
    const raised = addAction(ws.db, { reviewId: id, text: 'Call PT Maju' });
    closeReview(ws.db, ws.settings, id);
    const refusals = [
      thrown(() => saveNote(ws.db, { reviewId: id, kpi: 'revenue', happened: 'late thought' })),
      thrown(() => addAction(ws.db, { reviewId: id, text: 'one more' })),
      thrown(() =>
        adjustTarget(ws.db, ws.settings, { reviewId: id, kpi: 'revenue', value: 1, reason: 'late' }),
      ),
      thrown(() => closeReview(ws.db, ws.settings, id)),
      thrown(() => deleteReview(ws.db, id)),
      thrown(() => updateAction(ws.db, { id: raised.id, text: 'Call PT Maju twice' })),
    ];
    for (const e of refusals) {
      expect(e.kind).toBe('conflict');
      expect(e.message).toMatch(
        /the review '2026-Q1 · Tim Jakarta' was closed on \d{4}-\d{2}-\d{2} and is final/,
      );
    }
    expect(refusals[0]!.message).toMatch(/^Cannot save a note/);
    expect(getReview(ws.db, ws.settings, id).notes).toEqual({});
    // Its status may still change: that is how the next review ticks it off. A screen sending
    // the unchanged text along with it is not refused.
    expect(updateAction(ws.db, { id: raised.id, status: 'done', text: 'Call PT Maju' })).toMatchObject({
      status: 'done',
      statusAtClose: 'open',
    });
  });

  it('gives the latest closed review of a period and scope as its minutes', async () => {
    const { ws, dir } = await workspace();
    const first = createReview(ws.db, ws.settings, { period: '2026-Q1', scope: jakarta });
    closeReview(ws.db, ws.settings, first.id);
    await importMore(ws, dir, ['J4,Ani,Tim Jakarta,won,100,2026-03-10,2026-03-25']);
    const second = createReview(ws.db, ws.settings, { period: '2026-Q1', scope: jakarta, title: 'Q1 again' });
    addAction(ws.db, { reviewId: second.id, text: 'Thank Ani', owner: 'Budi', due: '2026-04-30' });
    closeReview(ws.db, ws.settings, second.id);
    createReview(ws.db, ws.settings, { period: '2026-Q1', scope: jakarta, title: 'still open' });

    const minutes = latestClosedReview(ws.db, '2026-q1', 'team=Tim Jakarta')!;
    expect(minutes).toMatchObject({ id: second.id, title: 'Q1 again', status: 'closed' });
    expect(minutes.kpis.find((k) => k.kpi === 'revenue')).toMatchObject({ value: 400 });
    expect(minutes.actions).toMatchObject([
      { text: 'Thank Ani', owner: 'Budi', due: '2026-04-30', statusAtClose: 'open' },
    ]);
    expect(latestClosedReview(ws.db, '2026-Q1', '')).toBeNull();
    expect(latestClosedReview(ws.db, '2026-Q2', 'team=Tim Jakarta')).toBeNull();
  });
});

describe('action items carry into the next review of the same scope', () => {
  it('carries open items, shows one ticked off where it was ticked, and no longer after that', async () => {
    const { ws } = await workspace();
    const r1 = createReview(ws.db, ws.settings, { period: '2026-Q1', scope: jakarta });
    const call = addAction(ws.db, {
      reviewId: r1.id,
      text: 'Call PT Maju',
      owner: 'Ani',
      due: '2026-04-15',
      kpi: 'revenue',
    });
    const done = addAction(ws.db, { reviewId: r1.id, text: 'Send the price list' });
    updateAction(ws.db, { id: done.id, status: 'done' });
    closeReview(ws.db, ws.settings, r1.id);

    const r2 = createReview(ws.db, ws.settings, { period: '2026-Q2', scope: jakarta });
    const elsewhere = createReview(ws.db, ws.settings, { period: '2026-Q2', scope: bandung });
    const inR2 = getReview(ws.db, ws.settings, r2.id).actions;
    expect(inR2).toMatchObject([
      {
        id: call.id,
        text: 'Call PT Maju',
        owner: 'Ani',
        due: '2026-04-15',
        kpi: 'revenue',
        status: 'open',
        carried: true,
        raisedIn: { id: r1.id, period: '2026-Q1', title: '2026-Q1 · Tim Jakarta' },
        statusAtClose: null,
      },
    ]);
    expect(getReview(ws.db, ws.settings, elsewhere.id).actions).toEqual([]);

    // Ticked off in review 2: still listed there, as done.
    const own = addAction(ws.db, { reviewId: r2.id, text: 'Visit PT Jaya' });
    updateAction(ws.db, { id: call.id, status: 'done' });
    expect(getReview(ws.db, ws.settings, r2.id).actions.map((a) => [a.id, a.status, a.carried])).toEqual([
      [call.id, 'done', true],
      [own.id, 'open', false],
    ]);
    closeReview(ws.db, ws.settings, r2.id);

    const r3 = createReview(ws.db, ws.settings, { period: '2026-Q3', scope: jakarta });
    expect(getReview(ws.db, ws.settings, r3.id).actions.map((a) => a.id)).toEqual([own.id]);
    // The closed reviews keep what they listed, with today's status beside the one at closing.
    expect(
      getReview(ws.db, ws.settings, r1.id).actions.map((a) => [a.id, a.status, a.statusAtClose]),
    ).toEqual([
      [call.id, 'done', 'open'],
      [done.id, 'done', 'done'],
    ]);
    expect(getReview(ws.db, ws.settings, r2.id).actions.map((a) => [a.id, a.statusAtClose])).toEqual([
      [call.id, 'done'],
      [own.id, 'open'],
    ]);
    expect(listReviews(ws.db, { scope: jakarta }).map((r) => [r.id, r.openActions])).toEqual([
      [r3.id, 0],
      [r2.id, 1],
      [r1.id, 0],
    ]);
  });

  it('changes an item of an open review in full and keeps what was not given', async () => {
    const { ws } = await workspace();
    const { id } = createReview(ws.db, ws.settings, { period: '2026-Q1', scope: jakarta });
    const item = addAction(ws.db, { reviewId: id, text: ' Call PT Maju ', owner: 'Ani', due: '2026-04-15' });
    expect(item).toMatchObject({ text: 'Call PT Maju', carried: false, status: 'open' });
    expect(updateAction(ws.db, { id: item.id, owner: 'Budi', due: null })).toMatchObject({
      text: 'Call PT Maju',
      owner: 'Budi',
      due: null,
      status: 'open',
    });
    expect(thrown(() => updateAction(ws.db, { id: 999, status: 'done' })).kind).toBe('not_found');
  });
});

describe('a target adjusted in a review', () => {
  it('is a revision with its reason and the review, and is the target the engine uses', async () => {
    const { ws } = await workspace();
    const { id } = createReview(ws.db, ws.settings, { period: '2026-Q1', scope: jakarta });
    const adjustment = adjustTarget(ws.db, ws.settings, {
      reviewId: id,
      kpi: 'revenue',
      value: 350,
      reason: 'PT Maju moved its order to April',
    });
    expect(adjustment).toMatchObject({
      kpi: 'revenue',
      period: '2026-Q1',
      oldValue: 400,
      newValue: 350,
      reason: 'PT Maju moved its order to April',
    });

    expect(targetRevisions(ws.db, 'revenue', '2026-Q1', 'team=Tim Jakarta').at(-1)).toMatchObject({
      oldValue: 400,
      newValue: 350,
      reason: 'PT Maju moved its order to April',
    });
    const revisions = ws.db
      .prepare('SELECT reason, review_id AS reviewId FROM target_revisions ORDER BY id')
      .all();
    expect(revisions).toEqual([
      { reason: null, reviewId: null },
      { reason: 'PT Maju moved its order to April', reviewId: id },
    ]);
    const [row] = computeKpis(ws.db, ws.settings, { kpis: ['revenue'], period: '2026-Q1', scope: jakarta });
    expect(row).toMatchObject({ target: 350, achievement: 300 / 350 });
    // The amber threshold set before is kept: only the value was adjusted.
    expect(ws.db.prepare("SELECT amber_at FROM targets WHERE kpi = 'revenue'").pluck().get()).toBe(0.7);

    const review = getReview(ws.db, ws.settings, id);
    expect(review.targetAdjustments).toEqual([adjustment]);
    expect(review.kpis.find((k) => k.kpi === 'revenue')).toMatchObject({ target: 350 });
  });

  it('can set a target for another period of the scope, and needs a reason', async () => {
    const { ws } = await workspace();
    const { id } = createReview(ws.db, ws.settings, { period: '2026-Q1', scope: jakarta });
    adjustTarget(ws.db, ws.settings, {
      reviewId: id,
      kpi: 'deals_won',
      period: '2026-04',
      value: 3,
      reason: 'New rep starts',
    });
    expect(
      computeKpis(ws.db, ws.settings, { kpis: ['deals_won'], period: '2026-04', scope: jakarta })[0]!.target,
    ).toBe(3);
    expect(
      thrown(() => adjustTarget(ws.db, ws.settings, { reviewId: id, kpi: 'revenue', value: 1, reason: '  ' }))
        .message,
    ).toMatch(/reason/);
    // A KPI without a target cannot be adjusted to "no value".
    expect(
      thrown(() => adjustTarget(ws.db, ws.settings, { reviewId: id, kpi: 'leads', reason: 'why not' }))
        .message,
    ).toMatch(/needs a value/);
  });

  it('keeps its effect and reason when the open review it was made in is deleted', async () => {
    const { ws } = await workspace();
    const { id } = createReview(ws.db, ws.settings, { period: '2026-Q1', scope: jakarta });
    saveNote(ws.db, { reviewId: id, kpi: 'revenue', happened: 'x' });
    addAction(ws.db, { reviewId: id, text: 'y' });
    adjustTarget(ws.db, ws.settings, { reviewId: id, kpi: 'revenue', value: 350, reason: 'slip' });
    deleteReview(ws.db, id);
    expect(listReviews(ws.db, { all: true })).toEqual([]);
    expect(ws.db.prepare('SELECT count(*) FROM action_items').pluck().get()).toBe(0);
    expect(ws.db.prepare('SELECT count(*) FROM review_notes').pluck().get()).toBe(0);
    expect(targetRevisions(ws.db, 'revenue', '2026-Q1', 'team=Tim Jakarta').at(-1)).toMatchObject({
      newValue: 350,
      reason: 'slip',
    });
    expect(thrown(() => getReview(ws.db, ws.settings, id)).kind).toBe('not_found');
  });
});

describe('notes', () => {
  it('keeps the fields not given, clears an emptied one, and drops a note left empty', async () => {
    const { ws } = await workspace();
    const { id } = createReview(ws.db, ws.settings, { period: '2026-Q1', scope: jakarta });
    saveNote(ws.db, { reviewId: id, kpi: 'win_rate', happened: 'Lost PT Besar' });
    expect(saveNote(ws.db, { reviewId: id, kpi: 'win_rate', why: 'Price' })).toMatchObject({
      happened: 'Lost PT Besar',
      why: 'Price',
      next: null,
    });
    saveNote(ws.db, { reviewId: id, kpi: 'win_rate', happened: '', why: null });
    expect(getReview(ws.db, ws.settings, id).notes).toEqual({});
    expect(thrown(() => saveNote(ws.db, { reviewId: id, kpi: 'happiness', happened: 'x' })).message).toMatch(
      /Unknown KPI 'happiness'/,
    );
  });
});

describe('through the dispatcher', () => {
  async function started() {
    const ctx = await workspace();
    const dispatch = createDispatch({ session: ctx.session });
    const created = await dispatch('reviews/create', {
      period: '2026-Q1',
      scope: jakarta,
      today: '2026-04-01',
    });
    if (!created.ok) throw new Error(created.error.message);
    return { ...ctx, dispatch, id: (created.value as { id: number }).id };
  }

  it('says what was expected when a request is wrong', async () => {
    const { dispatch, id } = await started();
    const message = async (name: string, request: unknown) => {
      const reply = await dispatch(name, request);
      if (reply.ok) throw new Error(`${name} unexpectedly succeeded`);
      return `${reply.error.kind}: ${reply.error.message}`;
    };
    expect(await message('reviews/addAction', { reviewId: id, text: 'x', due: '30/04/2026' })).toMatch(
      /^invalid_request: reviews\/addAction: due: expected a date YYYY-MM-DD such as 2026-04-30/,
    );
    expect(await message('reviews/addAction', { reviewId: id, text: 'x', due: '2026-02-30' })).toMatch(
      /due: expected a real date .*there is no day 30 in 2026-02/,
    );
    expect(await message('reviews/addAction', { reviewId: id, text: '   ' })).toMatch(
      /text: expected what is to be done/,
    );
    expect(await message('reviews/note', { reviewId: id, kpi: 'revenue', why: 'x'.repeat(5001) })).toMatch(
      /why: expected at most 5000 characters/,
    );
    expect(await message('reviews/updateAction', { id: 1, status: 'maybe' })).toMatch(
      /status: .*expected one of/,
    );
    expect(await message('reviews/adjustTarget', { reviewId: id, kpi: 'revenue', value: 1 })).toMatch(
      /reason: /,
    );
    expect(await message('reviews/create', { period: 'Maret 2026' })).toMatch(
      /^invalid_request: 'Maret 2026' is not a period: expected 2026-03-15/,
    );
    expect(
      await message('reviews/create', { period: '2026-Q1', scope: { dim: 'team', name: 'Tim Jakrta' } }),
    ).toMatch(/^invalid_request: Unknown team 'Tim Jakrta'; did you mean 'Tim Jakarta'/);
    expect(await message('reviews/get', { id: 999 })).toBe('not_found: There is no review #999');
  });

  it('a note saved as the review is closed either lands before the close or is refused, never lost', async () => {
    const { dispatch, id } = await started();
    // In either order, at the same moment.
    const [noted, closed] = await Promise.all([
      dispatch('reviews/note', { reviewId: id, kpi: 'revenue', happened: 'Budi closed PT Maju' }),
      dispatch('reviews/close', { id, today: '2026-04-01' }),
    ]);
    expect(closed.ok).toBe(true);
    const other = await dispatch('reviews/create', { period: '2026-Q1', scope: bandung });
    const otherId = (other.ok && (other.value as { id: number }).id) as number;
    const [closedFirst, late] = await Promise.all([
      dispatch('reviews/close', { id: otherId }),
      dispatch('reviews/note', { reviewId: otherId, kpi: 'revenue', happened: 'Citra closed PT Jaya' }),
    ]);
    expect(closedFirst.ok).toBe(true);

    for (const [reply, reviewId, text] of [
      [noted, id, 'Budi closed PT Maju'],
      [late, otherId, 'Citra closed PT Jaya'],
    ] as const) {
      const review = await dispatch('reviews/get', { id: reviewId });
      if (!review.ok) throw new Error(review.error.message);
      const notes = (review.value as { notes: Record<string, { happened: string }> }).notes;
      if (reply.ok) expect(notes.revenue?.happened).toBe(text);
      else {
        expect(reply.error).toMatchObject({ kind: 'conflict' });
        expect(reply.error.message).toMatch(
          /^Cannot save a note: the review '.*' was closed on .* and is final$/,
        );
        expect(notes.revenue).toBeUndefined();
      }
    }
    // The order they were asked in is the order they ran in.
    expect(noted.ok).toBe(true);
    expect(late.ok).toBe(false);
  });

  it('two action items raised at the same moment both land', async () => {
    const { dispatch, id } = await started();
    const replies = await Promise.all([
      dispatch('reviews/addAction', { reviewId: id, text: 'Call PT Maju', owner: 'Ani' }),
      dispatch('reviews/addAction', {
        reviewId: id,
        text: 'Visit PT Jaya',
        owner: 'Budi',
        due: '2026-04-30',
      }),
    ]);
    expect(replies.every((r) => r.ok)).toBe(true);
    const review = await dispatch('reviews/get', { id });
    if (!review.ok) throw new Error(review.error.message);
    expect((review.value as { actions: { text: string }[] }).actions.map((a) => a.text).sort()).toEqual([
      'Call PT Maju',
      'Visit PT Jaya',
    ]);
  });

  it('answers every review call in the shapes the contract promises', async () => {
    const { dispatch, id } = await started();
    const call = async (name: string, request: unknown) => {
      const reply = await dispatch(name, request);
      if (!reply.ok) throw new Error(`${name}: ${reply.error.message}`);
      return reply.value as Record<string, unknown>;
    };
    const item = await call('reviews/addAction', { reviewId: id, text: 'Call PT Maju', kpi: 'revenue' });
    await call('reviews/updateAction', { id: item.id, status: 'dropped' });
    await call('reviews/note', { reviewId: id, kpi: 'revenue', next: 'Ask again in May' });
    const adjusted = await call('reviews/adjustTarget', {
      reviewId: id,
      kpi: 'revenue',
      value: 350,
      reason: 'slip',
    });
    expect(adjusted.targetAdjustments).toHaveLength(1);
    expect(await call('reviews/list', { scope: jakarta })).toHaveLength(1);
    const closed = await call('reviews/close', { id });
    expect(closed.status).toBe('closed');
    const second = await call('reviews/create', { period: '2026-Q2', scope: jakarta });
    expect(await call('reviews/delete', { id: second.id })).toBeNull();
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/tmp.js';
import { createDispatch } from '../dispatch.js';
import { importFile } from '../import/pipeline.js';
import { computeKpis } from '../kpi/engine.js';
import { setTarget } from '../kpi/targets.js';
import { Session } from '../session.js';
import type { Workspace } from '../workspace.js';
import { commentOnAppraisal, computeAppraisal, signAppraisal, teamAppraisals } from './appraisal.js';
import { saveScorecard } from './scorecards.js';

const tempDir = useTempDir();
let session: Session | undefined;
afterEach(() => session?.close());

const header = 'external_id,owner,team,status,amount,created_at,closed_at';
/**
 * Q1 2026: Ani wins 3 of 4 deals (300, each 20 days from created to won); Budi wins 1 of 4
 * (100, 10 days); Citra of Tim B wins 1.
 */
const deals = [
  header,
  'A1,Ani,Tim A,won,100,2026-01-01,2026-01-21',
  'A2,Ani,Tim A,won,100,2026-02-01,2026-02-21',
  'A3,Ani,Tim A,won,100,2026-03-01,2026-03-21',
  'A4,Ani,Tim A,lost,0,2026-03-01,2026-03-05',
  'B1,Budi,Tim A,won,100,2026-01-01,2026-01-11',
  'B2,Budi,Tim A,lost,0,2026-01-01,2026-01-11',
  'B3,Budi,Tim A,lost,0,2026-02-01,2026-02-11',
  'B4,Budi,Tim A,lost,0,2026-03-01,2026-03-11',
  'C1,Citra,Tim B,won,500,2026-01-01,2026-01-31',
].join('\n');

async function workspace(): Promise<{ ws: Workspace; dir: string; session: Session }> {
  const dir = tempDir();
  session = new Session();
  const ws = session.create(path.join(dir, 'w.kinerja'), { name: 'PT Uji' });
  fs.writeFileSync(path.join(dir, 'deals.csv'), deals);
  await importFile(ws.db, ws.settings, path.join(dir, 'deals.csv'), { kind: 'deals' });
  const target = (kpi: string, name: string, value: number) =>
    setTarget(ws.db, ws.settings, { kpi, period: '2026-Q1', scope: { dim: 'owner', name }, value });
  target('revenue', 'Ani', 200);
  target('win_rate', 'Ani', 0.5);
  target('sales_cycle_days', 'Ani', 10);
  target('revenue', 'Budi', 200);
  saveScorecard(ws.db, {
    name: 'Sales',
    cap: 1.2,
    lines: [
      { kpi: 'revenue', weight: 0.5, perspective: 'financial' },
      { kpi: 'win_rate', weight: 0.3, perspective: 'internal' },
      { kpi: 'sales_cycle_days', weight: 0.2, perspective: 'internal' },
    ],
    assignedTo: [{ dim: 'team', name: 'tim a' }],
  });
  return { ws, dir, session };
}

describe('an appraisal scores weighted KPIs, capped, with direction respected', () => {
  it('scores each line as weight × min(achievement, cap) and rates the sum by the bands', async () => {
    const { ws } = await workspace();
    const a = computeAppraisal(ws.db, ws.settings, 'ani', '2026-q1');
    expect(a).toMatchObject({
      person: 'Ani',
      team: 'Tim A',
      period: '2026-Q1',
      scorecard: 'Sales',
      assignedVia: 'team',
    });
    const line = (kpi: string) => a.lines.find((l) => l.kpi === kpi)!;
    // Revenue 300 of 200 = 150%, counted as the 120% cap.
    expect(line('revenue')).toMatchObject({
      actual: 300,
      target: 200,
      achievement: 1.5,
      counted: 1.2,
      capped: true,
    });
    expect(line('revenue').points).toBeCloseTo(0.6, 12);
    expect(line('win_rate')).toMatchObject({ actual: 0.75, achievement: 1.5, counted: 1.2, capped: true });
    // Lower is better: 20 days against a 10-day target is half the target met.
    expect(line('sales_cycle_days')).toMatchObject({
      actual: 20,
      target: 10,
      achievement: 0.5,
      capped: false,
    });
    expect(a.score).toBeCloseTo(0.6 + 0.36 + 0.1, 12);
    // The score is its lines: nothing is added that a person cannot see.
    expect(a.score).toBeCloseTo(
      a.lines.reduce((s, l) => s + l.points!, 0),
      12,
    );
    expect(a.rating).toBe(4);
  });

  it('a lower-is-better KPI at zero against a positive target beats it: on track and counted at the cap', async () => {
    const { ws } = await workspace();
    saveScorecard(ws.db, {
      name: 'Costs',
      lines: [{ kpi: 'marketing_spend', weight: 1, perspective: 'financial' }],
      assignedTo: [{ dim: 'owner', name: 'Budi' }],
    });
    // Marketing spend is lower-is-better; Budi's typed value for January is 0 against 500.
    ws.db
      .prepare(
        "INSERT INTO kpi_values (kpi, period, scope_key, value, updated_at) VALUES ('marketing_spend', '2026-01', 'owner=Budi', 0, 'x')",
      )
      .run();
    setTarget(ws.db, ws.settings, {
      kpi: 'marketing_spend',
      period: '2026-01',
      scope: { dim: 'owner', name: 'Budi' },
      value: 500,
    });
    const [row] = computeKpis(ws.db, ws.settings, {
      kpis: ['marketing_spend'],
      period: '2026-01',
      scope: { dim: 'owner', name: 'Budi' },
    });
    expect(row).toMatchObject({ value: 0, target: 500, status: 'green' });
    const a = computeAppraisal(ws.db, ws.settings, 'Budi', '2026-01');
    expect(a.lines[0]).toMatchObject({ missing: null, counted: 1.2, capped: true, points: 1.2 });
    expect(a.score).toBe(1.2);
  });

  it("follows the workspace's rating bands", async () => {
    const { ws } = await workspace();
    ws.writeSettings({
      ratingBands: [
        { rating: 3, min: 1.05 },
        { rating: 2, min: 0.8 },
        { rating: 1, min: 0 },
      ],
    });
    expect(computeAppraisal(ws.db, ws.settings, 'Ani', '2026-Q1').rating).toBe(3);
    ws.writeSettings({
      ratingBands: [
        { rating: 2, min: 1.5 },
        { rating: 1, min: 0 },
      ],
    });
    expect(computeAppraisal(ws.db, ws.settings, 'Ani', '2026-Q1').rating).toBe(1);
  });

  it('shows KPIs without a target as such and shares their weight out, or scores them zero', async () => {
    const { ws } = await workspace();
    const a = computeAppraisal(ws.db, ws.settings, 'Budi', '2026-Q1');
    expect(a.lines.map((l) => [l.kpi, l.missing, l.points])).toEqual([
      ['revenue', null, 0.5],
      ['win_rate', 'no_target', null],
      ['sales_cycle_days', 'no_target', null],
    ]);
    // Revenue is the only line that scored, so it carries the whole weight: 50% achievement.
    expect(a.lines[0]!.effectiveWeight).toBe(1);
    expect(a.score).toBe(0.5);
    expect(a.rating).toBe(1);

    const card = saveScorecard(ws.db, {
      id: 1,
      name: 'Sales',
      missingRule: 'zero',
      lines: a.lines.map((l) => ({ kpi: l.kpi, weight: l.weight, perspective: l.perspective })),
      assignedTo: [{ dim: 'team', name: 'Tim A' }],
    });
    expect(card.missingRule).toBe('zero');
    const zero = computeAppraisal(ws.db, ws.settings, 'Budi', '2026-Q1');
    expect(zero.lines.map((l) => l.points)).toEqual([0.25, 0, 0]);
    expect(zero.score).toBe(0.25);
  });

  it('a KPI without data is marked as having none, never scored as 0% achieved', async () => {
    const { ws } = await workspace();
    const a = computeAppraisal(ws.db, ws.settings, 'Ani', '2026-Q2');
    expect(a.lines.every((l) => l.missing === 'no_data' && l.actual === null && l.points === null)).toBe(
      true,
    );
    expect(a.score).toBeNull();
    expect(a.rating).toBeNull();
  });

  it("a person's own scorecard wins over the team's", async () => {
    const { ws } = await workspace();
    saveScorecard(ws.db, {
      name: 'Ani only',
      lines: [{ kpi: 'deals_won', weight: 1, perspective: null }],
      assignedTo: [{ dim: 'owner', name: 'ANI' }],
    });
    const a = computeAppraisal(ws.db, ws.settings, 'Ani', '2026-Q1');
    expect(a).toMatchObject({ scorecard: 'Ani only', assignedVia: 'owner' });
    expect(computeAppraisal(ws.db, ws.settings, 'Budi', '2026-Q1').scorecard).toBe('Sales');
  });
});

describe('what a scorecard may be', () => {
  it.each([
    [[{ kpi: 'revenue', weight: 0.5, perspective: null }], /add up to 50%; expected 100%/],
    [[{ kpi: 'revenu', weight: 1, perspective: null }], /unknown KPI 'revenu'; did you mean revenue/],
    [
      [
        { kpi: 'revenue', weight: 0.5, perspective: null },
        { kpi: 'revenue', weight: 0.5, perspective: null },
      ],
      /Line 2: revenue is already in the scorecard/,
    ],
  ] as const)('refuses %j', async (lines, message) => {
    const { ws } = await workspace();
    expect(() => saveScorecard(ws.db, { name: 'Bad', lines: [...lines] })).toThrow(message);
    expect(ws.db.prepare("SELECT COUNT(*) FROM scorecards WHERE name = 'Bad'").pluck().get()).toBe(0);
  });

  it('refuses an assignment to someone the workspace does not know, and saves nothing', async () => {
    const { ws } = await workspace();
    expect(() =>
      saveScorecard(ws.db, {
        name: 'Other',
        lines: [{ kpi: 'revenue', weight: 1, perspective: null }],
        assignedTo: [{ dim: 'owner', name: 'Anni' }],
      }),
    ).toThrow(/Unknown owner 'Anni'; did you mean 'Ani'/);
    expect(ws.db.prepare('SELECT COUNT(*) FROM scorecards').pluck().get()).toBe(1);
  });

  it('names the person and the team when neither has a scorecard', async () => {
    const { ws } = await workspace();
    expect(() => computeAppraisal(ws.db, ws.settings, 'Citra', '2026-Q1')).toThrow(
      'No scorecard is assigned to Citra or to Tim B; assign one under Appraisals',
    );
    expect(() => computeAppraisal(ws.db, ws.settings, 'Nobody', '2026-Q1')).toThrow(/Unknown owner 'Nobody'/);
  });
});

describe('sign-off', () => {
  it('freezes the signed numbers; a later import shows as a change instead of rewriting them', async () => {
    const { ws, dir } = await workspace();
    commentOnAppraisal(ws.db, ws.settings, {
      person: 'Ani',
      period: '2026-Q1',
      reviewerComment: ' Strong quarter ',
    });
    const signed = signAppraisal(ws.db, ws.settings, {
      person: 'Ani',
      period: '2026-Q1',
      role: 'reviewer',
      name: 'Dewi',
    });
    expect(signed).toMatchObject({
      frozen: true,
      changedSinceSignOff: false,
      reviewerComment: 'Strong quarter',
    });
    expect(signed.reviewerSignOff?.name).toBe('Dewi');

    fs.writeFileSync(path.join(dir, 'more.csv'), `${header}\nA5,Ani,Tim A,won,1000,2026-03-01,2026-03-02`);
    await importFile(ws.db, ws.settings, path.join(dir, 'more.csv'), { kind: 'deals' });
    const later = computeAppraisal(ws.db, ws.settings, 'Ani', '2026-Q1');
    expect(later.lines[0]!.actual).toBe(300);
    expect(later.score).toBe(signed.score);
    expect(later.changedSinceSignOff).toBe(true);

    // The reviewer's word is final once signed; the employee can still answer, then sign.
    expect(() =>
      commentOnAppraisal(ws.db, ws.settings, {
        person: 'Ani',
        period: '2026-Q1',
        reviewerComment: 'changed',
      }),
    ).toThrow(/the comment is final/);
    commentOnAppraisal(ws.db, ws.settings, { person: 'Ani', period: '2026-Q1', employeeComment: 'Thanks' });
    const both = signAppraisal(ws.db, ws.settings, {
      person: 'Ani',
      period: '2026-Q1',
      role: 'employee',
      name: 'Ani',
    });
    expect(both).toMatchObject({ employeeComment: 'Thanks', score: signed.score });
    expect(() =>
      signAppraisal(ws.db, ws.settings, { person: 'Ani', period: '2026-Q1', role: 'employee', name: 'Ani' }),
    ).toThrow(/Already signed by Ani/);
  });

  it('a signed appraisal stays readable, as signed, after its scorecard is changed or deleted', async () => {
    const { ws } = await workspace();
    const signed = signAppraisal(ws.db, ws.settings, {
      person: 'Ani',
      period: '2026-Q1',
      role: 'reviewer',
      name: 'Dewi',
    });
    saveScorecard(ws.db, {
      id: 1,
      name: 'Sales v2',
      lines: [{ kpi: 'deals_won', weight: 1, perspective: null }],
      assignedTo: [{ dim: 'team', name: 'Tim A' }],
    });
    expect(computeAppraisal(ws.db, ws.settings, 'Ani', '2026-Q1')).toMatchObject({
      scorecard: 'Sales',
      score: signed.score,
      changedSinceSignOff: false,
    });
    ws.db.prepare('DELETE FROM scorecards').run();
    const after = computeAppraisal(ws.db, ws.settings, 'Ani', '2026-Q1');
    expect(after.lines).toEqual(signed.lines);
    expect(after).toMatchObject({
      scorecard: 'Sales',
      assignedVia: 'team',
      reviewerSignOff: { name: 'Dewi' },
    });
    // An unsigned appraisal still needs a scorecard.
    expect(() => computeAppraisal(ws.db, ws.settings, 'Budi', '2026-Q1')).toThrow(/No scorecard is assigned/);
  });

  it('a signed appraisal keeps the rating bands it was signed under', async () => {
    const { ws } = await workspace();
    const signed = signAppraisal(ws.db, ws.settings, {
      person: 'Ani',
      period: '2026-Q1',
      role: 'reviewer',
      name: 'Dewi',
    });
    ws.writeSettings({
      ratingBands: [
        { rating: 2, min: 1.5 },
        { rating: 1, min: 0 },
      ],
    });
    const later = computeAppraisal(ws.db, ws.settings, 'Ani', '2026-Q1');
    expect(later.rating).toBe(signed.rating);
    expect(later.ratingBands).toEqual(signed.ratingBands);
    expect(later.ratingBands.find((b) => b.rating === later.rating)!.min).toBeLessThanOrEqual(later.score!);
    // An unsigned appraisal follows the workspace's bands of today.
    expect(computeAppraisal(ws.db, ws.settings, 'Budi', '2026-Q1').ratingBands).toHaveLength(2);
  });

  it('two people signing at the same moment: one signature lands, the other is told', async () => {
    const { session } = await workspace();
    const dispatch = createDispatch({ session });
    const replies = await Promise.all([
      dispatch('appraisal/sign', { person: 'Ani', period: '2026-Q1', role: 'reviewer', name: 'Dewi' }),
      dispatch('appraisal/sign', { person: 'Ani', period: '2026-Q1', role: 'reviewer', name: 'Joko' }),
      dispatch('appraisal/comment', { person: 'Ani', period: '2026-Q1', employeeComment: 'Noted' }),
    ]);
    expect(replies.map((r) => r.ok)).toEqual([true, false, true]);
    expect(replies[1]).toMatchObject({
      ok: false,
      error: { kind: 'conflict', message: /Already signed by Dewi/ },
    });
    const final = await dispatch('appraisal/get', { person: 'Ani', period: '2026-Q1' });
    expect(final).toMatchObject({
      ok: true,
      value: { reviewerSignOff: { name: 'Dewi' }, employeeComment: 'Noted' },
    });
  });
});

describe('team overview', () => {
  it('ranks the members by score and says who has no scorecard', async () => {
    const { ws } = await workspace();
    const a = teamAppraisals(ws.db, ws.settings, 'tim a', '2026-Q1');
    expect(a.team).toBe('Tim A');
    expect(a.people.map((p) => [p.person, p.rank, p.rating])).toEqual([
      ['Ani', 1, 4],
      ['Budi', 2, 1],
    ]);
    const b = teamAppraisals(ws.db, ws.settings, 'Tim B', '2026-Q1');
    expect(b.people).toEqual([
      expect.objectContaining({
        person: 'Citra',
        score: null,
        rank: null,
        problem: expect.stringMatching(/No scorecard/),
      }),
    ]);
  });
});

import type {
  Appraisal,
  AppraisalLine,
  KpiDirection,
  KpiRow,
  RatingBand,
  Scorecard,
} from '../contract/schemas.js';
import { beatsByZero } from './achievement.js';

/** What sign-off freezes: the numbers as they were signed. */
export type Scored = Pick<Appraisal, 'scorecard' | 'cap' | 'missingRule' | 'lines' | 'score' | 'rating'> & {
  /** Where the scorecard came from when it was signed (kept: the assignment may change later). */
  assignedVia?: Appraisal['assignedVia'];
  /** The rating bands in force when it was signed, so a later change of bands cannot contradict it. */
  ratingBands?: RatingBand[];
};

/** Scores differ from their band edge by float noise only (0.1 + 1 ≠ 1.1): compare at 1e-9. */
export const round9 = (x: number) => Math.round(x * 1e9) / 1e9;

/** The rating a score earns: the first band, best first, whose minimum it reaches. */
export function ratingOf(score: number | null, bands: readonly RatingBand[]): number | null {
  if (score === null) return null;
  const s = round9(score);
  return bands.find((b) => s >= b.min)?.rating ?? bands[bands.length - 1]?.rating ?? null;
}

/**
 * score = Σ weight × min(achievement, cap) (DESIGN §6); the engine's achievement already
 * respects each KPI's direction and band. A KPI without a target or data is kept in the table,
 * marked as such, and handled by the scorecard's rule: 'redistribute' shares its weight out over
 * the KPIs that scored, in proportion to their weights; 'zero' lets it score nothing.
 */
export function scoreLines(
  rows: readonly Pick<KpiRow, 'kpi' | 'value' | 'target' | 'achievement' | 'status' | 'targetOrigin'>[],
  card: Scorecard,
  bands: readonly RatingBand[],
  directionOf: (kpi: string) => KpiDirection = () => 'higher',
): Scored {
  const byKpi = new Map(rows.map((r) => [r.kpi, r]));
  const partial = card.lines.map((line) => {
    const row = byKpi.get(line.kpi);
    const actual = row?.value ?? null;
    const target = row?.target ?? null;
    // Zero cost against a positive target has no ratio but beats it: it counts as the cap.
    const zeroBeats = beatsByZero(actual, target, directionOf(line.kpi));
    const ach = row?.achievement ?? null;
    const missing =
      actual === null ? ('no_data' as const) : ach === null && !zeroBeats ? ('no_target' as const) : null;
    const counted = zeroBeats ? card.cap : ach === null ? null : Math.min(ach, card.cap);
    return {
      kpi: line.kpi,
      perspective: line.perspective,
      weight: line.weight,
      actual,
      target: row?.target ?? null,
      achievement: ach,
      counted,
      capped: zeroBeats || (ach !== null && ach > card.cap),
      status: row?.status ?? 'grey',
      missing,
      targetOrigin: row?.targetOrigin ?? null,
    };
  });
  const scoredWeight = partial.reduce((sum, l) => sum + (l.counted === null ? 0 : l.weight), 0);
  const lines: AppraisalLine[] = partial.map((l) => {
    const effectiveWeight =
      card.missingRule === 'zero'
        ? l.weight
        : l.counted === null || scoredWeight === 0
          ? 0
          : l.weight / scoredWeight;
    const points =
      l.counted === null ? (card.missingRule === 'zero' ? 0 : null) : effectiveWeight * l.counted;
    return { ...l, effectiveWeight, points };
  });
  const score = scoredWeight === 0 ? null : lines.reduce((sum, l) => sum + (l.points ?? 0), 0);
  return {
    scorecard: card.name,
    cap: card.cap,
    missingRule: card.missingRule,
    lines,
    score,
    rating: ratingOf(score, bands),
  };
}

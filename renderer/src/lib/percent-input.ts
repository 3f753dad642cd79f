import { formatNumber } from '../../../shared/format';

export type PercentInput = { ok: true; value: number } | { ok: false; error: 'empty' | 'invalid' };

/**
 * A share typed in percent (`40`, `12,5`, `12.5`, `33,33 %`) as a fraction (0.4, 0.125…).
 * Shares stay below a thousand percent, so a comma or a point can only be the decimal mark:
 * either is read, whatever the workspace locale, and people type weights the way they are used to.
 */
export function parsePercentInput(text: string): PercentInput {
  const s = text.replace(/[\u00a0\u202f]/g, ' ').trim();
  if (s === '') return { ok: false, error: 'empty' };
  // Two decimals at most, as the core keeps them.
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?\s*%?$/.exec(s);
  if (!m) return { ok: false, error: 'invalid' };
  // Counted in whole hundredths of a percent, so 33,33 + 33,33 + 33,34 is exactly 100.
  const basisPoints = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return { ok: true, value: basisPoints / 10000 };
}

/** A fraction as the text a user would type back, in the workspace locale: 0.125 → `12,5`. */
export function percentText(fraction: number, locale: string): string {
  return formatNumber(Math.round(fraction * 10000) / 100, locale, { maximumFractionDigits: 2 });
}

/** Whole hundredths of a percent: sums of weights compare exactly, with no float noise. */
export const basisPointsOf = (fraction: number) => Math.round(fraction * 10000);

import { describe, expect, it } from 'vitest';
import { checkFormulaReferences, FormulaError, parseFormula } from '../../../shared/kpi/formula';
import { createI18n } from '../i18n';
import { formulaProblemText } from './formula-problem';

/** One formula per problem the parser can report, so a changed sentence is noticed here. */
const broken = [
  '',
  'revenue + '.repeat(101),
  `${'('.repeat(70)}1${')'.repeat(70)}`,
  'revenue × 2',
  'revenue ÷ 2',
  'revenue − 1',
  'revenue – 1',
  'revenue * 25%',
  'revenue ^ 2',
  '[revenue]',
  '{revenue}',
  'min(revenue; leads)',
  '= revenue',
  'revenue # 2',
  'revenue * 1.234.567',
  '2revenue',
  '1e999',
  'min + 1',
  'MIN(revenue, leads)',
  'Revenue / leads',
  'sqrt(revenue)',
  'abs(revenue, leads)',
  'if_null(revenue)',
  'min(revenue)',
  'abs(1,5)',
  'abs(1,234,567)',
  '(revenue / leads',
  'revenue / leads)',
  'revenue * 1,5',
  'revenue, leads',
  'revenue leads',
  '(revenue leads)',
  'min(revenue leads)',
  '* revenue',
  'revenue * * 2',
  'revenue +',
  'revenue / lead',
];

function problemOf(formula: string): string {
  try {
    checkFormulaReferences(parseFormula(formula), (code) => code === 'revenue' || code === 'leads');
  } catch (e) {
    if (e instanceof FormulaError) return e.problem;
    throw e;
  }
  throw new Error(`'${formula}' parsed without a problem`);
}

describe("the parser's problems in the UI language", () => {
  const en = createI18n('en').t;
  const id = createI18n('id').t;

  it.each(broken)('%j reads the same in English and is translated into Indonesian', (formula) => {
    const problem = problemOf(formula);
    expect(formulaProblemText(problem, en)).toBe(problem);
    const indonesian = formulaProblemText(problem, id);
    expect(indonesian).not.toBe(problem);
    expect(indonesian).not.toMatch(/\{\{|kpiLibrary\./);
  });

  it('translates the hint and the advice inside a problem', () => {
    expect(formulaProblemText(problemOf('revenue × 2'), id)).toBe(
      "karakter '×' tidak dikenal dalam rumus: gunakan '*' untuk perkalian",
    );
    expect(formulaProblemText(problemOf('abs(1,5)'), id)).toBe(
      'abs menerima tepat 1 argumen (abs(x)), tetapi diberi 2; koma desimal tidak diterima: tulis 1.5, bukan 1,5',
    );
    expect(formulaProblemText(problemOf('revenue / lead'), id)).toBe("kode KPI 'lead' tidak dikenal");
  });

  it('shows a problem it does not know in English rather than nothing', () => {
    expect(formulaProblemText('something new went wrong', id)).toBe('something new went wrong');
  });
});

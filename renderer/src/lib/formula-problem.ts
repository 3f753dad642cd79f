import type { TFunction } from 'i18next';

/**
 * The parser's problems (shared/kpi/formula.ts FormulaError.problem) in the UI language. The
 * parser writes a small fixed set of English sentences; each is recognised here and said again
 * from an i18n key with its parameters. A sentence not recognised (one added to the parser
 * later) is shown in English rather than not at all.
 */

const P = 'kpiLibrary.formulaProblem';

type Params = Record<string, string>;
type Rule = [RegExp, (m: RegExpExecArray, t: TFunction) => string];

const HINTS: Record<string, string> = {
  "use '*' for multiplication": 'multiply',
  "use '/' for division": 'divide',
  "use '-' for subtraction": 'subtract',
  'write percentages as fractions (25% is 0.25)': 'percent',
  'powers are not supported': 'power',
  "use '(' and ')' for grouping": 'grouping',
  "separate function arguments with ','": 'separator',
  'a formula is only the right-hand side, without "="': 'equals',
};

const EXPECTED: Record<string, string> = {
  'an operator': 'operator',
  "an operator or ')'": 'operatorOrClose',
  "an operator, ',' or ')'": 'operatorCommaOrClose',
  "a KPI code, a number or '('": 'operand',
};

const say = (t: TFunction, key: string, params: Params = {}): string =>
  // The keys are built from the tables above, which the tests hold to the translation files.
  (t as unknown as (key: string, params: Params) => string)(`${P}.${key}`, params);

const after = (t: TFunction, text: string) => (text === 'the start' ? say(t, 'theStart') : text);
const expected = (t: TFunction, text: string) =>
  EXPECTED[text] === undefined ? text : say(t, `expected.${EXPECTED[text]}`);

const OPERAND = "a KPI code, a number or '\\('";

const RULES: Rule[] = [
  [/^the formula is empty$/, (_m, t) => say(t, 'empty')],
  [/^the formula must be text$/, (_m, t) => say(t, 'notText')],
  [
    /^the formula is too long \((\d+) characters, at most (\d+)\)$/,
    (m, t) => say(t, 'tooLong', { length: m[1]!, max: m[2]! }),
  ],
  [
    /^the formula is nested too deeply \(at most (\d+) levels of parentheses, functions and signs\)$/,
    (m, t) => say(t, 'tooDeep', { max: m[1]! }),
  ],
  [
    /^unexpected character (\S+): (.+)$/,
    (m, t) =>
      HINTS[m[2]!] === undefined
        ? m[0]
        : say(t, 'unexpectedCharacterHint', { character: m[1]!, hint: say(t, `hint.${HINTS[m[2]!]}`) }),
  ],
  [/^unexpected character (\S+)$/, (m, t) => say(t, 'unexpectedCharacter', { character: m[1]! })],
  [
    /^malformed number '(.*)': use '\.' only as the decimal mark, without thousand separators$/,
    (m, t) => say(t, 'malformedNumberSeparators', { word: m[1]! }),
  ],
  [/^malformed number '(.*)'$/, (m, t) => say(t, 'malformedNumber', { word: m[1]! })],
  [/^number (.+) is too large$/, (m, t) => say(t, 'numberTooLarge', { number: m[1]! })],
  [/^'(\w+)' is a function: write (.+)$/, (m, t) => say(t, 'isFunction', { name: m[1]!, usage: m[2]! })],
  [
    /^(function names|KPI codes) are lower-case: write '(.+)' instead of '(.+)'$/,
    (m, t) =>
      say(t, m[1] === 'KPI codes' ? 'codeLowerCase' : 'functionLowerCase', { lower: m[2]!, written: m[3]! }),
  ],
  [
    /^unknown function '(.+)'; the available functions are (.+)$/,
    (m, t) => say(t, 'unknownFunction', { name: m[1]!, list: m[2]! }),
  ],
  [
    /^(\w+) takes (exactly|at least) (\d+) arguments? \((.+?)\), got (\d+)(?:; (.+))?$/,
    (m, t) => {
      const key =
        m[2] === 'at least' ? 'argumentsAtLeast' : m[3] === '1' ? 'argumentsExactlyOne' : 'argumentsExactly';
      const problem = say(t, key, { fn: m[1]!, count: m[3]!, usage: m[4]!, got: m[5]! });
      return m[6] === undefined ? problem : say(t, 'withAdvice', { problem, advice: translate(m[6], t) });
    },
  ],
  [/^'\(' is never closed: add a matching '\)'$/, (_m, t) => say(t, 'unclosed')],
  [/^'\)' has no matching '\('$/, (_m, t) => say(t, 'unmatchedClose')],
  [
    /^thousand separators are not accepted: write (.+) instead of (.+)$/,
    (m, t) => say(t, 'thousandSeparators', { fixed: m[1]!, written: m[2]! }),
  ],
  [
    /^a decimal comma is not accepted: write (.+) instead of (.+)$/,
    (m, t) => say(t, 'decimalComma', { fixed: m[1]!, written: m[2]! }),
  ],
  [/^',' may only separate the arguments of a function$/, (_m, t) => say(t, 'strayComma')],
  [
    new RegExp(`^expected (${OPERAND}) at the start, found '(.*)'$`),
    (m, t) => say(t, 'expectedAtStart', { expected: expected(t, m[1]!), found: m[2]! }),
  ],
  [
    /^expected (.+?) after (the start|'.*?'), found '(.*)'$/,
    (m, t) =>
      EXPECTED[m[1]!] === undefined
        ? m[0]
        : say(t, 'expectedAfterFound', {
            expected: expected(t, m[1]!),
            after: after(t, m[2]!),
            found: m[3]!,
          }),
  ],
  [
    new RegExp(`^expected (${OPERAND}) after (the start|'.*')$`),
    (m, t) => say(t, 'expectedAfter', { expected: expected(t, m[1]!), after: after(t, m[2]!) }),
  ],
  [/^unknown KPI code '(.+)'$/, (m, t) => say(t, 'unknownCode', { code: m[1]! })],
];

function translate(problem: string, t: TFunction): string {
  for (const [pattern, phrase] of RULES) {
    const m = pattern.exec(problem);
    if (m) return phrase(m, t);
  }
  return problem;
}

/** A FormulaError's `problem` in the UI language; the English text when it is not one we know. */
export function formulaProblemText(problem: string, t: TFunction): string {
  return translate(problem, t);
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkFormulaReferences,
  evaluateFormula,
  findFormulaCycle,
  FormulaError,
  formatFormula,
  formulaDependencies,
  parseFormula,
  type FormulaNode,
} from './formula.js';

const values: Record<string, number | null> = {
  a: 5,
  b: 2,
  c: 1,
  zero: 0,
  revenue: 120_000_000,
  leads: 400,
  prev: 100,
  cur: 120,
  missing: null,
  nan: Number.NaN,
  inf: Number.POSITIVE_INFINITY,
};
const fromTable = (code: string): number | null => (Object.hasOwn(values, code) ? values[code]! : null);
const run = (text: string): number | null => evaluateFormula(parseFormula(text), fromTable);

function errorOf(text: string): FormulaError {
  try {
    parseFormula(text);
  } catch (e) {
    if (e instanceof FormulaError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

/** The tree without source positions, which differ between a text and its canonical form. */
function shape(node: FormulaNode): unknown {
  switch (node.kind) {
    case 'number':
      return { kind: 'number', value: node.value };
    case 'kpi':
      return { kind: 'kpi', code: node.code };
    case 'unary':
      return { kind: 'unary', op: node.op, operand: shape(node.operand) };
    case 'binary':
      return { kind: 'binary', op: node.op, left: shape(node.left), right: shape(node.right) };
    case 'call':
      return { kind: 'call', name: node.name, args: node.args.map(shape) };
  }
}

describe('evaluating formulas', () => {
  it.each([
    ['10 - 4 - 3', 3],
    ['24 / 4 / 2', 3],
    ['2 * 3 + 4', 10],
    ['2 + 3 * 4', 14],
    ['2 * (3 + 4)', 14],
    ['-2 * 3', -6],
    ['-(2 + 3)', -5],
    ['2 - -3', 5],
    ['+a', 5],
    ['--a', 5],
    ['-a * -b', 10],
    ['a - b - c', 2],
    ['a - (b - c)', 4],
    ['(cur - prev) / prev', 0.2],
    ['revenue / leads', 300_000],
    ['.5 + 0.5 + 1e3 + 1E3 + 2.5e-1 + 12.', 2013.25],
    ['min(a, b, c)', 1],
    ['max(a, b, c)', 5],
    ['min(a, -b)', -2],
    ['abs(b - a)', 3],
    ['if_null(a, 0)', 5],
    [' \t\n( a\u00a0+ b )\r\n', 7],
  ])('%s = %d', (text, expected) => {
    expect(run(text)).toBe(expected);
  });

  it('parses with the usual precedence and left associativity', () => {
    expect(shape(parseFormula('10 - 4 - 3'))).toEqual(shape(parseFormula('(10 - 4) - 3')));
    expect(shape(parseFormula('2 * 3 + 4'))).toEqual(shape(parseFormula('(2 * 3) + 4')));
    expect(shape(parseFormula('4 + 2 * 3'))).toEqual(shape(parseFormula('4 + (2 * 3)')));
    expect(shape(parseFormula('-2 * 3'))).toEqual({
      kind: 'binary',
      op: '*',
      left: { kind: 'unary', op: '-', operand: { kind: 'number', value: 2 } },
      right: { kind: 'number', value: 3 },
    });
  });

  it('gives no value for a division by zero', () => {
    expect(run('a / 0')).toBeNull();
    expect(run('0 / 0')).toBeNull();
    expect(run('a / zero')).toBeNull();
    expect(run('a / (b - b)')).toBeNull();
    expect(run('a / -zero')).toBeNull();
  });

  it('spreads a missing value to the whole result', () => {
    for (const text of [
      'missing',
      'a + missing',
      'missing * 0',
      '0 * missing',
      '-missing',
      'abs(missing)',
      'min(a, missing)',
      'max(missing, a)',
      '(missing - prev) / prev',
    ]) {
      expect(run(text), text).toBeNull();
    }
  });

  it('treats a code the resolver does not know, and non-finite inputs, as missing', () => {
    expect(run('unknown_code + 1')).toBeNull();
    expect(run('nan + 1')).toBeNull();
    expect(run('inf - inf')).toBeNull();
    expect(run('if_null(inf, 7)')).toBe(7);
  });

  it('gives no value when a step overflows', () => {
    expect(run('1e308 * 10')).toBeNull();
    expect(run('1e308 * 10 / 1e308')).toBeNull();
    expect(run('min(1e308 * 10, 1)')).toBeNull();
    expect(run('if_null(1e308 + 1e308, 0)')).toBe(0);
  });

  it('uses the fallback of if_null only when there is no value', () => {
    expect(run('if_null(missing, 0)')).toBe(0);
    expect(run('if_null(a / zero, -1)')).toBe(-1);
    expect(run('if_null(missing, missing)')).toBeNull();
    expect(run('if_null(zero, 9)')).toBe(0);
    expect(run('if_null(missing, b) * 10')).toBe(20);

    const asked: string[] = [];
    evaluateFormula(parseFormula('if_null(a, b)'), (code) => {
      asked.push(code);
      return fromTable(code);
    });
    expect(asked).toEqual(['a']);
  });
});

describe('formula errors', () => {
  it('carries the position and the problem, and says both in the message', () => {
    const e = errorOf('revenue /');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('FormulaError');
    expect(e.position).toBe(9);
    expect(e.problem).toBe("expected a KPI code, a number or '(' after '/'");
    expect(e.message).toBe("Formula error at position 9: expected a KPI code, a number or '(' after '/'");
  });

  it.each([
    // empty
    ['', 1, 'the formula is empty'],
    [' \t ', 1, 'the formula is empty'],
    // unexpected characters
    ['revenue # 2', 9, "unexpected character '#'"],
    ['revenue ÷ leads', 9, "unexpected character '÷': use '/' for division"],
    ['revenue × 2', 9, "unexpected character '×': use '*' for multiplication"],
    ['cur − prev', 5, "unexpected character '−': use '-' for subtraction"],
    ['win_rate * 100%', 15, "unexpected character '%': write percentages as fractions (25% is 0.25)"],
    ['a\u200b+ b', 2, 'unexpected character U+200B'],
    ['a + 😀', 5, "unexpected character '😀'"],
    ['a + _b', 5, "unexpected character '_'"],
    ['pendapatan_é', 12, "unexpected character 'é'"],
    // missing operands
    ['revenue / * 2', 11, "expected a KPI code, a number or '(' after '/', found '*'"],
    ['* 2', 1, "expected a KPI code, a number or '(' at the start, found '*'"],
    ['a +', 3, "expected a KPI code, a number or '(' after '+'"],
    ['a + )', 5, "expected a KPI code, a number or '(' after '+', found ')'"],
    ['()', 2, "expected a KPI code, a number or '(' after '(', found ')'"],
    ['min(a, , b)', 8, "expected a KPI code, a number or '(' after ',', found ','"],
    ['min(a,', 6, "expected a KPI code, a number or '(' after ','"],
    ['-', 1, "expected a KPI code, a number or '(' after '-'"],
    // unbalanced parentheses
    ['(a + b', 1, "'(' is never closed: add a matching ')'"],
    ['((a + b)', 1, "'(' is never closed: add a matching ')'"],
    ['a * ((a + b)', 5, "'(' is never closed: add a matching ')'"],
    ['min(a, b', 4, "'(' is never closed: add a matching ')'"],
    ['a + b)', 6, "')' has no matching '('"],
    ['(a + b)) * 2', 8, "')' has no matching '('"],
    // functions
    ['sqrt(x)', 1, "unknown function 'sqrt'; the available functions are min, max, abs, if_null"],
    ['a + avg (a, b)', 5, "unknown function 'avg'; the available functions are min, max, abs, if_null"],
    ['abs(a, b)', 1, 'abs takes exactly 1 argument (abs(x)), got 2'],
    ['a + abs()', 5, 'abs takes exactly 1 argument (abs(x)), got 0'],
    ['min(a)', 1, 'min takes at least 2 arguments (min(a, b, …)), got 1'],
    ['max()', 1, 'max takes at least 2 arguments (max(a, b, …)), got 0'],
    ['if_null(a)', 1, 'if_null takes exactly 2 arguments (if_null(x, fallback)), got 1'],
    ['if_null(a, b, c)', 1, 'if_null takes exactly 2 arguments (if_null(x, fallback)), got 3'],
    ['max + 1', 1, "'max' is a function: write max(a, b, …)"],
    // trailing input
    ['revenue leads', 9, "expected an operator after 'revenue', found 'leads'"],
    ['(a b)', 4, "expected an operator or ')' after 'a', found 'b'"],
    ['min(a b)', 7, "expected an operator, ',' or ')' after 'a', found 'b'"],
    ['(a + b) c', 9, "expected an operator after ')', found 'c'"],
    ['2 (a)', 3, "expected an operator after '2', found '('"],
    ['(a, b)', 3, "',' may only separate the arguments of a function"],
    // decimal comma and other number styles
    ['1,5', 2, 'a decimal comma is not accepted: write 1.5 instead of 1,5'],
    ['revenue * 1,25', 12, 'a decimal comma is not accepted: write 1.25 instead of 1,25'],
    ['(a * 0,5)', 7, 'a decimal comma is not accepted: write 0.5 instead of 0,5'],
    [
      'abs(1,5)',
      1,
      'abs takes exactly 1 argument (abs(x)), got 2; a decimal comma is not accepted: write 1.5 instead of 1,5',
    ],
    ['1,234,567', 2, 'thousand separators are not accepted: write 1234567 instead of 1,234,567'],
    [
      '1.234.567',
      1,
      "malformed number '1.234.567': use '.' only as the decimal mark, without thousand separators",
    ],
    ['a * 2revenue', 5, "malformed number '2revenue'"],
    ['1e', 1, "malformed number '1e'"],
    ['1e+', 1, "malformed number '1e'"],
    ['1e400', 1, 'number 1e400 is too large'],
    // case
    ['Revenue / leads', 1, "KPI codes are lower-case: write 'revenue' instead of 'Revenue'"],
    ['a + Win_Rate', 5, "KPI codes are lower-case: write 'win_rate' instead of 'Win_Rate'"],
    ['MAX(a, b)', 1, "function names are lower-case: write 'max' instead of 'MAX'"],
    ['Revenue #', 1, "KPI codes are lower-case: write 'revenue' instead of 'Revenue'"],
  ])('%j is rejected at position %i', (text, position, problem) => {
    const e = errorOf(text);
    expect({ position: e.position, problem: e.problem }).toEqual({ position, problem });
  });

  it('rejects a formula longer than 1000 characters', () => {
    const ok = `a${' + a'.repeat(199)}`.padEnd(1000, ' ');
    expect(ok).toHaveLength(1000);
    expect(run(ok)).toBe(1000);

    const e = errorOf(`${ok}+`);
    expect(e.position).toBe(1001);
    expect(e.problem).toBe('the formula is too long (1001 characters, at most 1000)');
    expect(errorOf('('.repeat(10_000_000)).position).toBe(1001);
  });

  it('rejects nesting deeper than 64 levels with an error, not a stack overflow', () => {
    const nested = (depth: number): string => `${'('.repeat(depth)}a${')'.repeat(depth)}`;
    expect(run(nested(64))).toBe(5);
    const tooDeep = errorOf(nested(65));
    expect(tooDeep.position).toBe(65);
    expect(tooDeep.problem).toBe(
      'the formula is nested too deeply (at most 64 levels of parentheses, functions and signs)',
    );

    expect(run(`${'-'.repeat(64)}a`)).toBe(5);
    expect(errorOf(`${'-'.repeat(65)}a`).position).toBe(65);
    expect(errorOf(`${'abs('.repeat(65)}a${')'.repeat(65)}`).position).toBe(257);
    expect(errorOf('('.repeat(1000)).position).toBe(65);
    expect(errorOf('-('.repeat(500)).position).toBe(65);
  });

  it('keeps long flat formulas, which nest only in the tree, working', () => {
    const text = `1${'+1'.repeat(499)}`;
    expect(run(text)).toBe(500);
    expect(formatFormula(parseFormula(`1${'*1'.repeat(499)}`))).toBe(`1${' * 1'.repeat(499)}`);
  });
});

describe('positions, dependencies and references', () => {
  it('keeps the source position of every node', () => {
    expect(parseFormula('revenue / leads')).toEqual({
      kind: 'binary',
      op: '/',
      position: 9,
      left: { kind: 'kpi', code: 'revenue', position: 1 },
      right: { kind: 'kpi', code: 'leads', position: 11 },
    });
    expect(parseFormula(' -min( a ,2)')).toEqual({
      kind: 'unary',
      op: '-',
      position: 2,
      operand: {
        kind: 'call',
        name: 'min',
        position: 3,
        args: [
          { kind: 'kpi', code: 'a', position: 8 },
          { kind: 'number', value: 2, position: 11 },
        ],
      },
    });
  });

  it('lists each KPI code once, in order of first appearance', () => {
    expect(formulaDependencies(parseFormula('(b - a) / if_null(a, c) + max(b, d, 1)'))).toEqual([
      'b',
      'a',
      'c',
      'd',
    ]);
    expect(formulaDependencies(parseFormula('2 * 3'))).toEqual([]);
  });

  it('points at the first unknown KPI code', () => {
    const known = new Set(['revenue', 'leads']);
    const isKnown = (code: string): boolean => known.has(code);
    expect(() => checkFormulaReferences(parseFormula('revenue / leads'), isKnown)).not.toThrow();

    let error: unknown;
    try {
      checkFormulaReferences(parseFormula('revenue / lead + leeds'), isKnown);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FormulaError);
    expect(error).toMatchObject({ position: 11, problem: "unknown KPI code 'lead'" });
    expect((error as Error).message).toBe("Formula error at position 11: unknown KPI code 'lead'");
  });
});

describe('formula cycles', () => {
  const parseAll = (texts: Record<string, string>): Record<string, FormulaNode> =>
    Object.fromEntries(Object.entries(texts).map(([code, text]) => [code, parseFormula(text)]));
  const builtIn = (code: string): boolean => ['revenue', 'leads', 'deals_won'].includes(code);

  it('finds a cycle and returns its path', () => {
    expect(findFormulaCycle(parseAll({ a: 'b + 1', b: 'revenue / a' }), builtIn)).toEqual(['a', 'b', 'a']);
    expect(findFormulaCycle(parseAll({ a: 'a * 2' }), builtIn)).toEqual(['a', 'a']);
    expect(
      findFormulaCycle(parseAll({ x: 'a', a: 'revenue + b', b: 'c', c: 'leads / d', d: 'b' }), builtIn),
    ).toEqual(['b', 'c', 'd', 'b']);
  });

  it('accepts formulas that only share dependencies or end at built-in or undefined codes', () => {
    expect(findFormulaCycle({}, builtIn)).toBeNull();
    expect(
      findFormulaCycle(
        parseAll({ a: 'b + c', b: 'revenue / leads', c: 'b * 2', d: 'a - c + nowhere' }),
        builtIn,
      ),
    ).toBeNull();
    // A formula filed under a built-in code is not what that code means, so it cannot loop.
    expect(findFormulaCycle(parseAll({ revenue: 'revenue * 2' }), builtIn)).toBeNull();
  });

  it('does not mistake Object.prototype members for formulas', () => {
    expect(findFormulaCycle(parseAll({ a: 'constructor + to_string' }), builtIn)).toBeNull();
    expect(findFormulaCycle(parseAll({ constructor: 'constructor' }), builtIn)).toEqual([
      'constructor',
      'constructor',
    ]);
  });

  it('handles long chains without exhausting the stack', () => {
    const n = 20_000;
    const chain: Record<string, FormulaNode> = {};
    for (let i = 0; i < n; i++) chain[`k${i}`] = parseFormula(i + 1 < n ? `k${i + 1} + 1` : 'revenue');
    expect(findFormulaCycle(chain, builtIn)).toBeNull();
    chain[`k${n - 1}`] = parseFormula('k0');
    const cycle = findFormulaCycle(chain, builtIn);
    expect(cycle).toHaveLength(n + 1);
    expect(cycle?.[0]).toBe('k0');
    expect(cycle?.at(-1)).toBe('k0');
  });
});

describe('canonical text', () => {
  it.each([
    ['a+b*c', 'a + b * c'],
    ['(a+b)*c', '(a + b) * c'],
    ['((a))', 'a'],
    ['(a-b)-c', 'a - b - c'],
    ['a-(b-c)', 'a - (b - c)'],
    ['a-(b+c)', 'a - (b + c)'],
    ['a+(b-c)', 'a + (b - c)'],
    ['(a*b)/c', 'a * b / c'],
    ['a/(b*c)', 'a / (b * c)'],
    ['a*(b/c)', 'a * (b / c)'],
    ['(a/b)+(c*a)', 'a / b + c * a'],
    ['-(a)', '-a'],
    ['-(-a)', '- -a'],
    ['-(+a)', '- +a'],
    ['-(a*b)', '-(a * b)'],
    ['(-a)*b', '-a * b'],
    ['a*(-b)', 'a * -b'],
    ['a-(-b)', 'a - -b'],
    ['if_null( a/b ,0 )', 'if_null(a / b, 0)'],
    ['-min(a,(b))*max(1,2,3)', '-min(a, b) * max(1, 2, 3)'],
    ['.5 + 1e3 + 12. + 1e21 + 0.0000001', '0.5 + 1000 + 12 + 1e+21 + 1e-7'],
  ])('%s is written %s', (text, canonical) => {
    expect(formatFormula(parseFormula(text))).toBe(canonical);
    expect(formatFormula(parseFormula(canonical))).toBe(canonical);
  });

  it('writes a negative literal from a built tree as a sign that evaluates the same', () => {
    const tree: FormulaNode = {
      kind: 'binary',
      op: '-',
      position: 0,
      left: { kind: 'kpi', code: 'a', position: 0 },
      right: { kind: 'number', value: -2.5, position: 0 },
    };
    expect(formatFormula(tree)).toBe('a - -2.5');
    expect(run(formatFormula(tree))).toBe(evaluateFormula(tree, fromTable));
    expect(formatFormula({ kind: 'number', value: -0, position: 0 })).toBe('-0');
    expect(() => formatFormula({ kind: 'number', value: Number.NaN, position: 0 })).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const codes = ['a', 'b', 'c', 'revenue', 'leads', 'win_rate', 'x9'] as const;

/** Numbers the parser itself can produce: finite and not negative. */
const parsedLiteral = fc.oneof(
  fc.integer({ min: 0, max: 1000 }),
  fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true }).map((v) => (v === 0 ? 0 : v)),
  fc.constantFrom(0.5, 0.1, 1e21, 1e-7, 5e-324, Number.MAX_VALUE),
);
/** Any finite number, as a tree built in code may hold. */
const anyLiteral = fc.oneof(parsedLiteral, fc.double({ noNaN: true, noDefaultInfinity: true }));

function treeOf(literal: fc.Arbitrary<number>): fc.Arbitrary<FormulaNode> {
  const options = { maxDepth: 6, depthIdentifier: 'formula' };
  const { node } = fc.letrec<{ node: FormulaNode }>((tie) => ({
    node: fc.oneof(
      options,
      literal.map((value): FormulaNode => ({ kind: 'number', value, position: 0 })),
      fc.constantFrom(...codes).map((code): FormulaNode => ({ kind: 'kpi', code, position: 0 })),
      fc
        .tuple(fc.constantFrom('+' as const, '-' as const), tie('node'))
        .map(([op, operand]): FormulaNode => ({ kind: 'unary', op, operand, position: 0 })),
      fc
        .tuple(
          fc.constantFrom('+' as const, '-' as const, '*' as const, '/' as const),
          tie('node'),
          tie('node'),
        )
        .map(([op, left, right]): FormulaNode => ({ kind: 'binary', op, left, right, position: 0 })),
      fc
        .tuple(
          fc.constantFrom('min' as const, 'max' as const),
          fc.array(tie('node'), { minLength: 2, maxLength: 4 }),
        )
        .map(([name, args]): FormulaNode => ({ kind: 'call', name, args, position: 0 })),
      tie('node').map((arg): FormulaNode => ({ kind: 'call', name: 'abs', args: [arg], position: 0 })),
      fc.tuple(tie('node'), tie('node')).map(([x, fallback]): FormulaNode => ({
        kind: 'call',
        name: 'if_null',
        args: [x, fallback],
        position: 0,
      })),
    ),
  }));
  return node;
}

/** KPI values including every kind of "no value" a resolver might hand back. */
const resolverValues = fc.record(
  Object.fromEntries(
    codes.map((code) => [
      code,
      fc.oneof(
        fc.constant(null),
        fc.integer({ min: -5, max: 5 }),
        fc.constantFrom(0, -0, 1e308, -1e308),
        fc.double(),
      ),
    ]),
  ) as Record<(typeof codes)[number], fc.Arbitrary<number | null>>,
);
const resolverOf =
  (table: Record<string, number | null>) =>
  (code: string): number | null =>
    table[code] ?? null;

/** Written from the rules, not the implementation: evaluates everything, then decides. */
function referenceEvaluate(node: FormulaNode, table: Record<string, number | null>): number | null {
  const finiteOrNull = (x: number | null | undefined): number | null =>
    typeof x === 'number' && Number.isFinite(x) ? x : null;
  switch (node.kind) {
    case 'number':
      return finiteOrNull(node.value);
    case 'kpi':
      return finiteOrNull(table[node.code]);
    case 'unary': {
      const x = referenceEvaluate(node.operand, table);
      return x === null ? null : node.op === '-' ? -x : x;
    }
    case 'binary': {
      const l = referenceEvaluate(node.left, table);
      const r = referenceEvaluate(node.right, table);
      if (l === null || r === null) return null;
      if (node.op === '/' && r === 0) return null;
      const result = { '+': l + r, '-': l - r, '*': l * r, '/': l / r }[node.op];
      return finiteOrNull(result);
    }
    case 'call': {
      const xs = node.args.map((arg) => referenceEvaluate(arg, table));
      if (node.name === 'if_null') return xs[0] ?? xs[1] ?? null;
      if (xs.some((x) => x === null)) return null;
      const numbers = xs as number[];
      if (node.name === 'abs') return Math.abs(numbers[0]!);
      return node.name === 'min' ? Math.min(...numbers) : Math.max(...numbers);
    }
  }
}

function collectCodes(node: FormulaNode): string[] {
  switch (node.kind) {
    case 'number':
      return [];
    case 'kpi':
      return [node.code];
    case 'unary':
      return collectCodes(node.operand);
    case 'binary':
      return [...collectCodes(node.left), ...collectCodes(node.right)];
    case 'call':
      return node.args.flatMap(collectCodes);
  }
}

/** Characters and fragments formulas are made of, so that random text gets deep into the parser. */
const formulaish = fc.string({
  unit: fc.constantFrom(
    ...'abcxyzAQ0159_.,eE+-*/()  \t#÷%'.split(''),
    'min(',
    'max(',
    'abs(',
    'if_null(',
    'revenue',
    '1,5',
    '1e3',
    ')',
    '(',
  ),
  maxLength: 150,
});

function expectOnlyFormulaErrors(text: string): void {
  const started = performance.now();
  try {
    parseFormula(text);
  } catch (e) {
    expect(e).toBeInstanceOf(FormulaError);
    const error = e as FormulaError;
    expect(Number.isInteger(error.position)).toBe(true);
    expect(error.position).toBeGreaterThanOrEqual(1);
    expect(error.position).toBeLessThanOrEqual(Math.max(1, text.length));
    expect(error.problem.length).toBeGreaterThan(0);
    expect(error.message).toBe(`Formula error at position ${error.position}: ${error.problem}`);
  }
  // Parsing is linear in the text; a slow parse means a loop that does not advance.
  expect(performance.now() - started).toBeLessThan(250);
}

describe('formula properties', () => {
  it('parses the canonical text of a tree back to the same tree', () => {
    fc.assert(
      fc.property(treeOf(parsedLiteral), (tree) => {
        expect(shape(parseFormula(formatFormula(tree)))).toEqual(shape(tree));
      }),
      { numRuns: 1000 },
    );
  });

  it('evaluates the canonical text of any tree to the same value as the tree', () => {
    fc.assert(
      fc.property(treeOf(anyLiteral), resolverValues, (tree, table) => {
        const resolve = resolverOf(table);
        const reparsed = parseFormula(formatFormula(tree));
        expect(Object.is(evaluateFormula(reparsed, resolve), evaluateFormula(tree, resolve))).toBe(true);
        expect(formulaDependencies(reparsed)).toEqual(formulaDependencies(tree));
      }),
      { numRuns: 1000 },
    );
  });

  it('evaluates like the reference evaluator', () => {
    fc.assert(
      fc.property(treeOf(anyLiteral), resolverValues, (tree, table) => {
        const actual = evaluateFormula(tree, resolverOf(table));
        const expected = referenceEvaluate(tree, table);
        // toBe compares with Object.is, so even the sign of a zero result has to agree.
        expect(actual).toBe(expected);
        if (actual !== null) expect(Number.isFinite(actual)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('lists dependencies as the distinct codes in reading order', () => {
    fc.assert(
      fc.property(treeOf(parsedLiteral), (tree) => {
        expect(formulaDependencies(tree)).toEqual([...new Set(collectCodes(tree))]);
      }),
    );
  });

  it('throws nothing but FormulaError on arbitrary text, and never hangs', () => {
    fc.assert(fc.property(fc.string({ maxLength: 1100 }), expectOnlyFormulaErrors), { numRuns: 1000 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), expectOnlyFormulaErrors), {
      numRuns: 1000,
    });
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), expectOnlyFormulaErrors), {
      numRuns: 500,
    });
    fc.assert(fc.property(formulaish, expectOnlyFormulaErrors), { numRuns: 3000 });
  });

  it('throws nothing but FormulaError on damaged formulas', () => {
    const damage = fc.tuple(
      treeOf(parsedLiteral).map(formatFormula),
      fc.array(
        fc.tuple(fc.nat(), fc.constantFrom('', '(', ')', ',', '-', '*', ' ', 'a', '1', '.', 'A', '#')),
      ),
    );
    fc.assert(
      fc.property(damage, ([text, edits]) => {
        let damaged = text;
        for (const [at, insert] of edits) {
          const i = at % (damaged.length + 1);
          // An empty insert deletes the character there instead.
          damaged =
            insert === ''
              ? damaged.slice(0, i) + damaged.slice(i + 1)
              : damaged.slice(0, i) + insert + damaged.slice(i);
        }
        expectOnlyFormulaErrors(damaged);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps accepted text stable under formatting', () => {
    fc.assert(
      fc.property(formulaish, resolverValues, (text, table) => {
        let tree: FormulaNode;
        try {
          tree = parseFormula(text);
        } catch {
          return;
        }
        const canonical = formatFormula(tree);
        expect(formatFormula(parseFormula(canonical))).toBe(canonical);
        const resolve = resolverOf(table);
        expect(
          Object.is(evaluateFormula(parseFormula(canonical), resolve), evaluateFormula(tree, resolve)),
        ).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('parses pathological inputs quickly', () => {
    for (const text of [
      '('.repeat(1000),
      ')'.repeat(1000),
      '-'.repeat(1000),
      '-('.repeat(500),
      'abs('.repeat(250),
      `1${'+1'.repeat(499)}`,
      'a,'.repeat(500),
      `min(${'a,'.repeat(498)}a)`,
      '1'.repeat(1000),
      '1.'.repeat(500),
      '1,'.repeat(500),
      'e'.repeat(1000),
      ' '.repeat(1000),
      '\u00a0'.repeat(10_000),
    ]) {
      expectOnlyFormulaErrors(text);
    }
  });
});

/**
 * Formulas of custom KPIs (design handbook §5): arithmetic over other KPI codes such as
 * `revenue / leads` or `(a - b) / b`, evaluated on already rolled-up parts.
 *
 * Formulas are typed by users, stored in workspace files and shared between clients, so they
 * are parsed by a small tokenizer and recursive-descent parser into an AST and evaluated by
 * walking that AST; nothing is ever handed to the JavaScript engine as code.
 */

const MAX_LENGTH = 1000;
// Counted as parser recursion (parentheses, function calls, signs) so that a hostile formula
// gets a clear error long before the JavaScript stack runs out.
const MAX_DEPTH = 64;

const FUNCTIONS = {
  min: { min: 2, max: Infinity, usage: 'min(a, b, …)' },
  max: { min: 2, max: Infinity, usage: 'max(a, b, …)' },
  abs: { min: 1, max: 1, usage: 'abs(x)' },
  if_null: { min: 2, max: 2, usage: 'if_null(x, fallback)' },
} as const;

type FunctionName = keyof typeof FUNCTIONS;

const FUNCTION_LIST = Object.keys(FUNCTIONS).join(', ');

/**
 * A parsed formula. `position` is the 1-based character position in the source text of the
 * token that produced the node (the operator of a unary or binary node, the function name of a
 * call), so later checks such as unknown KPI codes can point at the right place.
 */
export type FormulaNode =
  | { readonly kind: 'number'; readonly value: number; readonly position: number }
  | { readonly kind: 'kpi'; readonly code: string; readonly position: number }
  | {
      readonly kind: 'unary';
      readonly op: '+' | '-';
      readonly operand: FormulaNode;
      readonly position: number;
    }
  | {
      readonly kind: 'binary';
      readonly op: '+' | '-' | '*' | '/';
      readonly left: FormulaNode;
      readonly right: FormulaNode;
      readonly position: number;
    }
  | {
      readonly kind: 'call';
      readonly name: 'min' | 'max' | 'abs' | 'if_null';
      readonly args: readonly FormulaNode[];
      readonly position: number;
    };

export class FormulaError extends Error {
  /** 1-based character position in the formula text. */
  readonly position: number;
  /** What is wrong, without the position prefix, for UIs that show the position themselves. */
  readonly problem: string;

  constructor(position: number, problem: string) {
    super(`Formula error at position ${position}: ${problem}`);
    this.name = 'FormulaError';
    this.position = position;
    this.problem = problem;
  }
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

type Token =
  | { type: 'number'; value: number; text: string; position: number }
  | { type: 'ident'; text: string; position: number }
  | { type: 'op'; text: '+' | '-' | '*' | '/'; position: number }
  | { type: '(' | ')' | ','; text: string; position: number }
  | { type: 'end'; text: ''; position: number };

// The JavaScript whitespace set: formulas are often pasted from spreadsheets and documents,
// which bring non-breaking and other Unicode spaces along.
const WHITESPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
  0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
]);

// Characters people carry over from written definitions or other tools, with what to write.
const HINTS: Record<string, string> = {
  '×': "use '*' for multiplication",
  '÷': "use '/' for division",
  '−': "use '-' for subtraction",
  '–': "use '-' for subtraction",
  '%': 'write percentages as fractions (25% is 0.25)',
  '^': 'powers are not supported',
  '[': "use '(' and ')' for grouping",
  ']': "use '(' and ')' for grouping",
  '{': "use '(' and ')' for grouping",
  '}': "use '(' and ')' for grouping",
  ';': "separate function arguments with ','",
  '=': 'a formula is only the right-hand side, without "="',
};

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isLower = (c: string | undefined): boolean => c !== undefined && c >= 'a' && c <= 'z';
const isUpper = (c: string | undefined): boolean => c !== undefined && c >= 'A' && c <= 'Z';
const isWordChar = (c: string | undefined): boolean => isLower(c) || isUpper(c) || isDigit(c) || c === '_';

function describeCharacter(codePoint: number): string {
  const ch = String.fromCodePoint(codePoint);
  // Quote what a user can see; name invisible and control characters by their code point.
  if (/^[\p{L}\p{N}\p{P}\p{S}]$/u.test(ch)) return `'${ch}'`;
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

class Lexer {
  private index = 0;
  private lookahead: Token | null = null;
  /** The last token consumed, to say what an error comes "after". */
  previous: Token | null = null;

  constructor(readonly text: string) {}

  peek(): Token {
    this.lookahead ??= this.scan();
    return this.lookahead;
  }

  next(): Token {
    const token = this.peek();
    this.lookahead = null;
    this.previous = token;
    return token;
  }

  /** The next non-blank character, without tokenizing it. */
  upcomingCharacter(): string | undefined {
    if (this.lookahead !== null) return this.text[this.lookahead.position - 1];
    let i = this.index;
    while (i < this.text.length && WHITESPACE.has(this.text.charCodeAt(i))) i++;
    return this.text[i];
  }

  private scan(): Token {
    const text = this.text;
    while (this.index < text.length && WHITESPACE.has(text.charCodeAt(this.index))) this.index++;
    const start = this.index;
    const position = start + 1;
    if (start >= text.length) return { type: 'end', text: '', position };
    const c = text[start];

    if (isDigit(c) || (c === '.' && isDigit(text[start + 1]))) return this.scanNumber();
    if (isLower(c) || isUpper(c)) {
      while (isWordChar(text[this.index])) this.index++;
      return { type: 'ident', text: text.slice(start, this.index), position };
    }
    if (c === '+' || c === '-' || c === '*' || c === '/') {
      this.index++;
      return { type: 'op', text: c, position };
    }
    if (c === '(' || c === ')' || c === ',') {
      this.index++;
      return { type: c, text: c, position };
    }

    const codePoint = text.codePointAt(start) ?? 0;
    const character = String.fromCodePoint(codePoint);
    const hint = Object.hasOwn(HINTS, character) ? HINTS[character] : undefined;
    const what = `unexpected character ${describeCharacter(codePoint)}`;
    throw new FormulaError(position, hint === undefined ? what : `${what}: ${hint}`);
  }

  private scanNumber(): Token {
    const text = this.text;
    const start = this.index;
    while (isDigit(text[this.index])) this.index++;
    if (text[this.index] === '.') {
      this.index++;
      while (isDigit(text[this.index])) this.index++;
    }
    const e = text[this.index];
    if (e === 'e' || e === 'E') {
      const sign = text[this.index + 1];
      const digitsAt = sign === '+' || sign === '-' ? this.index + 2 : this.index + 1;
      if (isDigit(text[digitsAt])) {
        this.index = digitsAt;
        while (isDigit(text[this.index])) this.index++;
      }
    }
    // A number glued to letters, digits or another dot (`2revenue`, `1.234.567`, `1e`) is one
    // malformed word to the reader, so report it whole rather than as two tokens.
    if (isWordChar(text[this.index]) || text[this.index] === '.') {
      let end = this.index;
      while (isWordChar(text[end]) || text[end] === '.') end++;
      const word = text.slice(start, end);
      const dots = word.split('.').length - 1;
      const problem =
        dots > 1
          ? `malformed number '${word}': use '.' only as the decimal mark, without thousand separators`
          : `malformed number '${word}'`;
      throw new FormulaError(start + 1, problem);
    }
    const literal = text.slice(start, this.index);
    const value = Number(literal);
    if (!Number.isFinite(value)) throw new FormulaError(start + 1, `number ${literal} is too large`);
    return { type: 'number', value, text: literal, position: start + 1 };
  }
}

// ---------------------------------------------------------------------------------------------
// Parser
//
//   expression := term (('+' | '-') term)*
//   term       := unary (('*' | '/') unary)*
//   unary      := ('+' | '-') unary | primary
//   primary    := number | code | function '(' arguments? ')' | '(' expression ')'
//   arguments  := expression (',' expression)*

type Closing = 'end' | 'group' | 'call';

const OPERAND = "a KPI code, a number or '('";

class Parser {
  private depth = 0;

  constructor(private readonly lexer: Lexer) {}

  parse(): FormulaNode {
    if (this.lexer.peek().type === 'end') throw new FormulaError(1, 'the formula is empty');
    const node = this.expression();
    this.expectAfterOperand('end');
    return node;
  }

  private expression(): FormulaNode {
    let left = this.term();
    for (;;) {
      const token = this.lexer.peek();
      if (token.type !== 'op' || (token.text !== '+' && token.text !== '-')) return left;
      this.lexer.next();
      const right = this.term();
      left = { kind: 'binary', op: token.text, left, right, position: token.position };
    }
  }

  private term(): FormulaNode {
    let left = this.unary();
    for (;;) {
      const token = this.lexer.peek();
      if (token.type !== 'op' || (token.text !== '*' && token.text !== '/')) return left;
      this.lexer.next();
      const right = this.unary();
      left = { kind: 'binary', op: token.text, left, right, position: token.position };
    }
  }

  private unary(): FormulaNode {
    const token = this.lexer.peek();
    if (token.type === 'op' && (token.text === '+' || token.text === '-')) {
      this.lexer.next();
      this.enter(token);
      const operand = this.unary();
      this.depth--;
      return { kind: 'unary', op: token.text, operand, position: token.position };
    }
    return this.primary();
  }

  private primary(): FormulaNode {
    const token = this.lexer.peek();
    switch (token.type) {
      case 'number':
        this.lexer.next();
        return { kind: 'number', value: token.value, position: token.position };
      case 'ident':
        return this.identifier();
      case '(': {
        this.lexer.next();
        this.enter(token);
        const inner = this.expression();
        this.expectAfterOperand('group', token);
        this.lexer.next();
        this.depth--;
        return inner;
      }
      default:
        throw this.missingOperand(token);
    }
  }

  private identifier(): FormulaNode {
    const token = this.lexer.next();
    const name = token.text;
    // Looked at as a character, not a token, so that a problem further right cannot be
    // reported before this one.
    const isCall = this.lexer.upcomingCharacter() === '(';
    const lower = name.toLowerCase();
    const fn = Object.hasOwn(FUNCTIONS, lower) ? (lower as FunctionName) : null;
    if (fn !== null && !isCall) {
      throw new FormulaError(token.position, `'${lower}' is a function: write ${FUNCTIONS[fn].usage}`);
    }
    if (name !== lower && (fn !== null || !isCall)) {
      const kind = isCall ? 'function names' : 'KPI codes';
      throw new FormulaError(token.position, `${kind} are lower-case: write '${lower}' instead of '${name}'`);
    }
    if (!isCall) return { kind: 'kpi', code: name, position: token.position };
    if (fn === null) {
      throw new FormulaError(
        token.position,
        `unknown function '${name}'; the available functions are ${FUNCTION_LIST}`,
      );
    }
    return this.call(token, fn);
  }

  private call(nameToken: Token, fn: FunctionName): FormulaNode {
    const open = this.lexer.next();
    this.enter(nameToken);
    const args: FormulaNode[] = [];
    const commas: number[] = [];
    if (this.lexer.peek().type !== ')') {
      for (;;) {
        args.push(this.expression());
        this.expectAfterOperand('call', open);
        const separator = this.lexer.next();
        if (separator.type === ')') break;
        commas.push(separator.position);
      }
    } else {
      this.lexer.next();
    }
    this.depth--;

    const { min, max, usage } = FUNCTIONS[fn];
    if (args.length < min || args.length > max) {
      const expected = min === max ? `exactly ${min}` : `at least ${min}`;
      const noun = min === 1 && max === 1 ? 'argument' : 'arguments';
      let problem = `${fn} takes ${expected} ${noun} (${usage}), got ${args.length}`;
      const advice = commas.map((p) => this.decimalCommaAdvice(p)).find((a) => a !== null);
      if (advice !== undefined) problem += `; ${advice}`;
      throw new FormulaError(nameToken.position, problem);
    }
    return { kind: 'call', name: fn, args, position: nameToken.position };
  }

  /**
   * After a complete operand only an operator or the construct's closing token may follow.
   * Returns normally when the next token closes the construct (the caller consumes it).
   */
  private expectAfterOperand(closing: Closing, open?: Token): void {
    const token = this.lexer.peek();
    if (closing === 'end' && token.type === 'end') return;
    if (closing === 'group' && token.type === ')') return;
    if (closing === 'call' && (token.type === ')' || token.type === ',')) return;

    if (token.type === 'end' && open !== undefined) {
      throw new FormulaError(open.position, "'(' is never closed: add a matching ')'");
    }
    if (token.type === ')') throw new FormulaError(token.position, "')' has no matching '('");
    if (token.type === ',') {
      const advice = this.decimalCommaAdvice(token.position);
      throw new FormulaError(token.position, advice ?? "',' may only separate the arguments of a function");
    }
    const expected = {
      end: 'an operator',
      group: "an operator or ')'",
      call: "an operator, ',' or ')'",
    }[closing];
    throw new FormulaError(
      token.position,
      `expected ${expected} after ${this.after()}, found '${token.text}'`,
    );
  }

  private missingOperand(token: Token): FormulaError {
    const previous = this.lexer.previous;
    if (token.type === 'end') {
      // Pointing past the end of the text would show nothing; point at what is left dangling.
      return new FormulaError(previous?.position ?? 1, `expected ${OPERAND} after ${this.after()}`);
    }
    const where = previous === null ? 'at the start' : `after ${this.after()}`;
    return new FormulaError(token.position, `expected ${OPERAND} ${where}, found '${token.text}'`);
  }

  private after(): string {
    const previous = this.lexer.previous;
    return previous === null ? 'the start' : `'${previous.text}'`;
  }

  private enter(token: Token): void {
    this.depth++;
    if (this.depth > MAX_DEPTH) {
      throw new FormulaError(
        token.position,
        `the formula is nested too deeply (at most ${MAX_DEPTH} levels of parentheses, functions and signs)`,
      );
    }
  }

  /**
   * A comma with digits glued to both sides (`1,5`, `1,234,567`) is a number written the
   * Indonesian or spreadsheet way, not an argument separator; says how to write it, or returns
   * null when the comma at `position` does not look like that.
   */
  private decimalCommaAdvice(position: number): string | null {
    const text = this.lexer.text;
    if (!isDigit(text[position - 2]) || !isDigit(text[position])) return null;
    let start = position - 1;
    while (start > 0 && isDigit(text[start - 1])) start--;
    if (text[start - 1] === '.') return null;
    let end = position;
    while (isDigit(text[end]) || (text[end] === ',' && isDigit(text[end + 1]))) end++;
    const written = text.slice(start, end);
    const parts = written.split(',');
    if (parts.length > 2) {
      return `thousand separators are not accepted: write ${parts.join('')} instead of ${written}`;
    }
    return `a decimal comma is not accepted: write ${parts.join('.')} instead of ${written}`;
  }
}

/** Parses a formula; throws FormulaError (and nothing else) for any text that is not one. */
export function parseFormula(text: string): FormulaNode {
  if (typeof text !== 'string') throw new FormulaError(1, 'the formula must be text');
  if (text.length > MAX_LENGTH) {
    throw new FormulaError(
      MAX_LENGTH + 1,
      `the formula is too long (${text.length} characters, at most ${MAX_LENGTH})`,
    );
  }
  return new Parser(new Lexer(text)).parse();
}

// ---------------------------------------------------------------------------------------------
// Analysis

function visitCodes(node: FormulaNode, visit: (node: FormulaNode & { kind: 'kpi' }) => void): void {
  switch (node.kind) {
    case 'number':
      return;
    case 'kpi':
      return visit(node);
    case 'unary':
      return visitCodes(node.operand, visit);
    case 'binary':
      visitCodes(node.left, visit);
      return visitCodes(node.right, visit);
    case 'call':
      for (const arg of node.args) visitCodes(arg, visit);
  }
}

/** The distinct KPI codes a formula reads, in order of first appearance. */
export function formulaDependencies(node: FormulaNode): string[] {
  const seen = new Set<string>();
  visitCodes(node, (kpi) => seen.add(kpi.code));
  return [...seen];
}

/** Throws a FormulaError at the first KPI code (in text order) that `knownCodes` rejects. */
export function checkFormulaReferences(node: FormulaNode, knownCodes: (code: string) => boolean): void {
  visitCodes(node, (kpi) => {
    if (!knownCodes(kpi.code)) throw new FormulaError(kpi.position, `unknown KPI code '${kpi.code}'`);
  });
}

/**
 * Finds a cycle among custom KPI formulas (`formulas` maps a custom KPI code to its formula).
 * Built-in codes and codes without a formula end a path. Returns the cycle as a path that
 * starts and ends on the same code, e.g. `['a', 'b', 'a']`, or null when there is none.
 */
export function findFormulaCycle(
  formulas: Record<string, FormulaNode>,
  isBuiltIn: (code: string) => boolean,
): string[] | null {
  // hasOwn, not `in`: a custom code such as `constructor` must not find Object.prototype.
  const isCustom = (code: string): boolean => Object.hasOwn(formulas, code) && !isBuiltIn(code);
  const done = new Set<string>();
  const onPath = new Map<string, number>();

  // Iterative depth-first search: a long chain of formulas must not exhaust the stack.
  for (const root of Object.keys(formulas)) {
    if (done.has(root) || !isCustom(root)) continue;
    const path: string[] = [];
    const pending: { code: string; deps: string[]; next: number }[] = [];
    const push = (code: string): void => {
      onPath.set(code, path.length);
      path.push(code);
      pending.push({ code, deps: formulaDependencies(formulas[code] as FormulaNode), next: 0 });
    };
    push(root);
    while (pending.length > 0) {
      const frame = pending[pending.length - 1] as (typeof pending)[number];
      if (frame.next >= frame.deps.length) {
        pending.pop();
        path.pop();
        onPath.delete(frame.code);
        done.add(frame.code);
        continue;
      }
      const dep = frame.deps[frame.next++] as string;
      if (!isCustom(dep) || done.has(dep)) continue;
      const at = onPath.get(dep);
      if (at !== undefined) return [...path.slice(at), dep];
      push(dep);
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/**
 * Evaluates a formula; `null` means "no value" (shown as "—", never 0).
 *
 * Every intermediate result is either a finite number or null: an unknown or non-finite input,
 * a division by zero or an overflow gives null, and null spreads to the whole result except
 * where `if_null` catches it. `min` and `max` do not skip nulls, because a minimum over
 * partly missing data would silently be the minimum of something else.
 */
export function evaluateFormula(node: FormulaNode, resolve: (code: string) => number | null): number | null {
  const finite = (value: unknown): number | null =>
    typeof value === 'number' && Number.isFinite(value) ? value : null;

  const evaluate = (n: FormulaNode): number | null => {
    switch (n.kind) {
      case 'number':
        return finite(n.value);
      case 'kpi':
        return finite(resolve(n.code));
      case 'unary': {
        const value = evaluate(n.operand);
        if (value === null) return null;
        return n.op === '-' ? -value : value;
      }
      case 'binary': {
        const left = evaluate(n.left);
        if (left === null) return null;
        const right = evaluate(n.right);
        if (right === null) return null;
        if (n.op === '+') return finite(left + right);
        if (n.op === '-') return finite(left - right);
        if (n.op === '*') return finite(left * right);
        return right === 0 ? null : finite(left / right);
      }
      case 'call': {
        if (n.name === 'if_null') {
          const [value, fallback] = n.args;
          if (value === undefined || fallback === undefined) return null;
          return evaluate(value) ?? evaluate(fallback);
        }
        const values: number[] = [];
        for (const arg of n.args) {
          const value = evaluate(arg);
          if (value === null) return null;
          values.push(value);
        }
        if (n.name === 'abs') return values.length === 1 ? Math.abs(values[0] as number) : null;
        if (values.length === 0) return null;
        return n.name === 'min' ? Math.min(...values) : Math.max(...values);
      }
    }
  };
  return evaluate(node);
}

// ---------------------------------------------------------------------------------------------
// Formatting

const PRECEDENCE = { '+': 1, '-': 1, '*': 2, '/': 2 } as const;
const UNARY = 3;
const ATOM = 4;

function precedence(node: FormulaNode): number {
  if (node.kind === 'binary') return PRECEDENCE[node.op];
  if (node.kind === 'unary') return UNARY;
  // A negative literal can only be written with a sign, so it binds like a unary minus.
  if (node.kind === 'number' && isNegative(node.value)) return UNARY;
  return ATOM;
}

const isNegative = (value: number): boolean => value < 0 || Object.is(value, -0);

/**
 * Canonical text of a formula with only the parentheses the tree needs; parsing it gives the
 * same tree back (a negative literal comes back as a minus sign applied to a literal, which
 * evaluates identically). Formulas written close to the length limit can come out longer
 * than they went in, since the canonical text puts spaces around operators.
 */
export function formatFormula(node: FormulaNode): string {
  const wrap = (child: FormulaNode, needs: boolean): string =>
    needs ? `(${formatFormula(child)})` : formatFormula(child);

  switch (node.kind) {
    case 'number':
      if (!Number.isFinite(node.value)) {
        throw new RangeError(`a formula cannot contain the number ${node.value}`);
      }
      return isNegative(node.value) ? `-${String(-node.value)}` : String(node.value);
    case 'kpi':
      return node.code;
    case 'unary': {
      const operand = node.operand;
      const needsParens = precedence(operand) < UNARY;
      const text = wrap(operand, needsParens);
      // `- -a` rather than `--a`, which reads like a decrement operator.
      return !needsParens && precedence(operand) === UNARY ? `${node.op} ${text}` : `${node.op}${text}`;
    }
    case 'binary': {
      const own = PRECEDENCE[node.op];
      // Left-associative: an equal-precedence right operand keeps its parentheses, since
      // `a - (b - c)` is a different formula from `a - b - c`.
      const left = wrap(node.left, precedence(node.left) < own);
      const right = wrap(node.right, precedence(node.right) <= own);
      return `${left} ${node.op} ${right}`;
    }
    case 'call':
      return `${node.name}(${node.args.map((arg) => formatFormula(arg)).join(', ')})`;
  }
}

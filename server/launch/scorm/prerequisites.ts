/**
 * SCORM 1.2 adlcp:prerequisites (CAM 1.2, 2.3.2.5.2; the AICC script subset it names):
 * item identifiers combined with `&` (and), `|` (or), `~` (not), parentheses, comparisons
 * `id = "status"` / `id <> "status"` (words or AICC letters P C F I B N), and sets
 * `n*{id, id, ...}` (at least n of them). An identifier alone holds when that item is
 * passed or completed. Hand-written: a 60-line recursive descent over a grammar this small
 * is less than any parser library's glue.
 *
 * An expression that does not parse, or names no item of the package, is ignored (the
 * item stays open): a broken prerequisite must not lock a learner out of a course.
 */

/** lesson_status of an item (`not attempted` when never opened). */
export type StatusOf = (itemId: string) => string;

const LETTERS: Record<string, string> = { p: 'passed', c: 'completed', f: 'failed', i: 'incomplete', b: 'browsed', n: 'not attempted' };

function tokenize(expr: string): string[] | null {
  const tokens: string[] = [];
  const re = /\s*(<>|[&|~=(){},*]|"[^"]*"|[A-Za-z0-9_.:\-]+)/y;
  let at = 0;
  while (at < expr.length) {
    if (/^\s*$/.test(expr.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(expr);
    if (!m) return null;
    tokens.push(m[1]!);
    at = re.lastIndex;
  }
  return tokens;
}

const done = (status: string) => status === 'passed' || status === 'completed';

/** Whether the prerequisites hold; `known` is the set of item ids the expression may name. */
export function prerequisitesMet(expression: string, statusOf: StatusOf, known: ReadonlySet<string>): boolean {
  const tokens = tokenize(expression);
  if (!tokens || tokens.length === 0) return true;
  let i = 0;
  let unknownName = false;
  const peek = () => tokens[i];
  const take = (want?: string) => {
    const t = tokens[i++];
    if (t === undefined || (want !== undefined && t !== want)) throw new SyntaxError(`expected ${want ?? 'more'} in "${expression}"`);
    return t;
  };
  const id = () => {
    const t = take();
    if (!/^[A-Za-z0-9_.:\-]+$/.test(t)) throw new SyntaxError(`expected an item identifier, got ${t}`);
    if (!known.has(t)) unknownName = true;
    return t;
  };
  const or = (): boolean => {
    let v = and();
    while (peek() === '|') {
      take();
      v = and() || v;
    }
    return v;
  };
  const and = (): boolean => {
    let v = unary();
    while (peek() === '&') {
      take();
      v = unary() && v;
    }
    return v;
  };
  const unary = (): boolean => {
    if (peek() === '~') {
      take();
      return !unary();
    }
    return primary();
  };
  const primary = (): boolean => {
    if (peek() === '(') {
      take();
      const v = or();
      take(')');
      return v;
    }
    if (/^\d+$/.test(peek() ?? '') && tokens[i + 1] === '*') {
      const n = Number(take());
      take('*');
      take('{');
      const ids = [id()];
      while (peek() === ',') {
        take();
        ids.push(id());
      }
      take('}');
      return ids.filter((x) => done(statusOf(x))).length >= n;
    }
    const name = id();
    if (peek() === '=' || peek() === '<>') {
      const op = take();
      const raw = take().replace(/^"|"$/g, '').trim().toLowerCase();
      const want = LETTERS[raw] ?? raw;
      const is = statusOf(name) === want;
      return op === '=' ? is : !is;
    }
    return done(statusOf(name));
  };
  try {
    const v = or();
    if (i !== tokens.length || unknownName) return true;
    return v;
  } catch {
    return true;
  }
}

// A subset of Go text/template for line_format and label_format: {{.label}}, pipelines, functions, if/else.
import { goBytes, goHasEscapedBytes, goVisible } from "./go-utf8.ts";
import { GoInt, GoTime, type GoValue, formatGoValue, goTypeName } from "./go-format.ts";
import { goQuote, parseGoFloat, parseGoInt, readGoInteger, unquoteBytes } from "./lexical.ts";
import { LOKI_ONLY_UNSUPPORTED, SIGNATURES, TEMPLATE_FUNCTIONS, TemplateError, type TemplateContext, truthy } from "./template-funcs.ts";

export { TemplateError };

/** Where a node starts in the template's text, and the node as Go prints it in an error (`.n`, `"x"`, `div 1 0`). */
interface At {
  pos: number;
  text: string;
}
type Arg = At &
  (
    | { t: "field"; name: string }
    /**
     * A literal: `num` for a number, `str` for a quoted string. A number's `int` is its value for an `int` parameter
     * where it is a whole number in int64 (`1e3` too); `overflows` where it is one only as a uint64 (Go's error).
     */
    | { t: "lit"; v: GoValue; lit: "str" | "num" | "other"; int?: GoInt; overflows?: boolean }
    | { t: "fn"; name: string }
    | { t: "pipe"; pipe: Pipe }
  );
type Command = Arg[] & At;
type Pipe = Command[];
type Node =
  | { t: "text"; s: string }
  | { t: "action"; pipe: Pipe }
  | { t: "if"; branches: { cond: Pipe; body: Node[] }[]; otherwise: Node[] };

/** A token of an action; `at` is its offset in the action's text, `raw` its text as written. */
type Token = { k: "field" | "ident" | "str" | "num" | "punct"; v: string; num?: NumberLiteral; at: number; raw: string };

/** A number literal as Go's parse.NumberNode holds it (see numberLiteral). */
interface NumberLiteral {
  v: GoValue;
  int?: GoInt;
  overflows?: boolean;
}

/**
 * The text of a number as Go's template lexer scans it: a sign, a 0x/0o/0b prefix or decimal digits (`_` among
 * them), a point and more digits, a decimal's e or a hexadecimal's p exponent, an imaginary `i`.
 */
const GO_NUMBER = /^[+-]?(?:0[xX][0-9a-fA-F_]*(?:\.[0-9a-fA-F_]*)?(?:[pP][+-]?[0-9_]*)?|0[oO][0-7_]*(?:\.[0-7_]*)?|0[bB][01_]*(?:\.[01_]*)?|[0-9_]*(?:\.[0-9_]*)?(?:[eE][+-]?[0-9_]*)?)i?/;

/**
 * A number literal as Go's parse.newNumber reads it and its executor's idealConstant gives it: a text
 * strconv.ParseInt(s, 0, 64) reads is an int (exact to 64 bits), a float text (`.`, `e`, `p`; not a hex int) a
 * float64, and a whole one in int64 is an int too where an `int` parameter takes it (`trunc 1e3`); a text only
 * ParseUint reads (2^63 up to 2^64-1) fails when evaluated (`… overflows int`); a larger whole number, or no number,
 * is a parse error.
 */
function numberLiteral(text: string): NumberLiteral {
  if (text.endsWith("i")) throw new TemplateError("complex number constants", true);
  const int = parseGoInt(text);
  const whole = readGoInteger(text);
  const asUint = whole !== undefined && !/^[+-]/.test(text) && whole < 2n ** 64n;
  let f: number;
  if (int !== undefined) f = Number(int);
  else if (asUint) f = Number(whole);
  else {
    const parsed = parseGoFloat(text);
    if (parsed === undefined) throw new TemplateError(`illegal number syntax: ${goQuote(text)}`);
    if (!/[.eEpP]/.test(text)) throw new TemplateError(`integer overflow: ${goQuote(text)}`);
    f = parsed;
  }
  const intValue = int ?? (Number.isInteger(f) && f >= -(2 ** 63) && f < 2 ** 63 ? BigInt(f) : undefined);
  const isHexInt = /^0[xX]/.test(text) && !/[pP]/.test(text);
  const asInt = intValue === undefined ? undefined : new GoInt(intValue);
  if (!isHexInt && /[.eEpP]/.test(text)) return { v: f, int: asInt };
  if (asInt) return { v: asInt, int: asInt };
  return { v: null, overflows: true };
}

function tokenize(action: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < action.length) {
    const c = action[i]!;
    if (c === " " || c === "\t" || c === "\r" || c === "\n") {
      i++;
      continue;
    }
    if (c === '"' || c === "`") {
      let j = i + 1;
      if (c === '"') {
        while (j < action.length && action[j] !== '"') j += action[j] === "\\" ? 2 : 1;
      } else while (j < action.length && action[j] !== "`") j++;
      const raw = action.slice(i, j + 1);
      const read = unquoteBytes(raw);
      if (read === undefined) throw new TemplateError(`unterminated or invalid quoted string ${raw}`);
      // `"\377"` is one byte in Go (`len` 1), which the engine's text cannot hold.
      if (!read.utf8) throw new TemplateError(`the string ${raw}, whose \\x or octal escapes are no UTF-8 text,`, true);
      const v = read.value;
      out.push({ k: "str", v, at: i, raw });
      i = j + 1;
      continue;
    }
    if (c === "." && /[A-Za-z_]/.test(action[i + 1] ?? "")) {
      const m = /^\.([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)/.exec(action.slice(i))!;
      if (m[2]) throw new TemplateError(`the chained field ${m[0]}`, true);
      // Go chains a field written right after a term (`__timestamp__.Unix`, `(unixToTime "1").Year`): a method or
      // field of the value (Loki prints the time's Unix seconds); after a string or number it is a parse error.
      const prev = out[out.length - 1];
      if (prev !== undefined && prev.at + prev.raw.length === i && (prev.k !== "punct" || prev.v === ")")) {
        if (prev.k === "str" || prev.k === "num") throw new TemplateError(`unexpected . after term ${prev.raw}`);
        throw new TemplateError(`a field or method of a value (${prev.raw === ")" ? "(…)" : prev.raw}${m[0]})`, true);
      }
      out.push({ k: "field", v: m[1]!, at: i, raw: m[0] });
      i += m[0].length;
      continue;
    }
    // As Go's lexer: a sign or a digit starts a number, and so does a point before a digit (`.5`).
    if (/[+\-0-9]/.test(c) || (c === "." && /\d/.test(action[i + 1] ?? ""))) {
      const text = GO_NUMBER.exec(action.slice(i))![0];
      const next = action.slice(i + text.length).match(/^./u)?.[0] ?? "";
      if (/[\p{L}\p{Nd}_]/u.test(next)) throw new TemplateError(`bad number syntax: ${goQuote(text + next)}`);
      out.push({ k: "num", v: text, num: numberLiteral(text), at: i, raw: text });
      i += text.length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(action.slice(i));
    if (id) {
      out.push({ k: "ident", v: id[0], at: i, raw: id[0] });
      i += id[0].length;
      continue;
    }
    if (c === "(" || c === ")" || c === "|") {
      out.push({ k: "punct", v: c, at: i, raw: c });
      i++;
      continue;
    }
    if (c === "$") throw new TemplateError("template variables ($x)", true);
    if (c === "." ) throw new TemplateError("the dot {{ . }} (the whole label map)", true);
    if (c === "'") throw new TemplateError("character constants ('x')", true);
    if (c === ":" || c === "=" || c === ",") throw new TemplateError("variable declarations", true);
    throw new TemplateError(`unexpected ${JSON.stringify(c)} in action`);
  }
  return out;
}

/** Splits the template into text and `{{…}}` actions, applying `{{-`/`-}}` trimming and dropping comments. */
function split(src: string): ({ text: string } | { action: string; at: number })[] {
  const parts: ({ text: string } | { action: string; at: number })[] = [];
  let i = 0;
  let trimNext = false;
  while (i < src.length) {
    const open = src.indexOf("{{", i);
    let text = open === -1 ? src.slice(i) : src.slice(i, open);
    if (trimNext) text = text.replace(/^[ \t\r\n]+/, "");
    trimNext = false;
    if (open === -1) {
      if (text) parts.push({ text });
      break;
    }
    let start = open + 2;
    // Go trims, and reads a trim marker's space as, only " \t\r\n": not a no-break space.
    if (/^-[ \t\r\n]/.test(src.slice(start))) {
      text = text.replace(/[ \t\r\n]+$/, "");
      start += 1;
    }
    if (text) parts.push({ text });
    // A comment starts right after the delimiter and its trim marker, and ends right before the closing one (Go's
    // lexComment): `{{ /* c */ }}` is an action, which fails on its "/", and `{{/* c */ }}` an error.
    if (src.startsWith("/*", start + (start > open + 2 ? 1 : 0))) {
      const from = start + (start > open + 2 ? 1 : 0);
      const close = src.indexOf("*/", from + 2);
      if (close === -1) throw new TemplateError("unclosed comment");
      const after = close + 2;
      if (/^[ \t\r\n]-\}\}/.test(src.slice(after))) {
        trimNext = true;
        i = after + 4;
      } else if (src.startsWith("}}", after)) i = after + 2;
      else throw new TemplateError("comment ends before closing delimiter");
      continue;
    }
    // Find the closing braces outside quotes.
    let j = start;
    let quote = "";
    for (; j < src.length; j++) {
      const c = src[j]!;
      if (quote) {
        if (c === "\\" && quote === '"') j++;
        else if (c === quote) quote = "";
      } else if (c === '"' || c === "`") quote = c;
      else if (src.startsWith("}}", j)) break;
    }
    if (j >= src.length) throw new TemplateError("unclosed action");
    let end = j;
    if (/[ \t\r\n]-$/.test(src.slice(start, end))) {
      end -= 1;
      trimNext = true;
    }
    const inner = src.slice(start, end);
    const action = inner.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");
    parts.push({ action, at: start + (inner.length - inner.replace(/^[ \t\r\n]+/, "").length) });
    i = j + 2;
  }
  return parts;
}

class Parser {
  private pos = 0;
  /** `base`: where the tokens' text starts in the template. */
  constructor(
    private readonly tokens: Token[],
    private readonly base: number,
  ) {}

  done(): boolean {
    return this.pos >= this.tokens.length;
  }

  pipe(): Pipe {
    const cmds: Pipe = [];
    let cmd: Arg[] = [];
    const close = () => {
      // Go prints a command as its arguments joined by spaces, a parenthesised pipeline as `(…)`.
      cmds.push(Object.assign(cmd, { pos: cmd[0]!.pos, text: cmd.map((a) => a.text).join(" ") }));
      cmd = [];
    };
    while (!this.done()) {
      const t = this.tokens[this.pos]!;
      if (t.k === "punct" && t.v === ")") break;
      // Go's parser wants a space between two arguments: `upper"a"`, `upper(.x)`, `("a")("b")` are errors.
      const before = this.tokens[this.pos - 1];
      if (cmd.length && t.v !== "|" && before !== undefined && before.at + before.raw.length === t.at) throw new TemplateError(`unexpected ${t.raw} in operand`);
      this.pos++;
      const at = { pos: this.base + t.at, text: t.raw };
      if (t.k === "punct" && t.v === "|") {
        if (!cmd.length) throw new TemplateError("missing command before |");
        close();
        continue;
      }
      if (t.k === "punct" && t.v === "(") {
        const inner = this.pipe();
        if (this.tokens[this.pos]?.v !== ")") throw new TemplateError("unclosed left paren");
        this.pos++;
        cmd.push({ t: "pipe", pipe: inner, pos: at.pos, text: `(${inner.map((c) => c.text).join(" | ")})` });
        continue;
      }
      if (t.k === "field") cmd.push({ t: "field", name: t.v, ...at });
      else if (t.k === "str") cmd.push({ t: "lit", v: t.v, lit: "str", ...at });
      else if (t.k === "num") cmd.push({ t: "lit", v: t.num!.v, lit: "num", int: t.num!.int, overflows: t.num!.overflows, ...at });
      else if (t.k === "ident") {
        if (t.v === "true" || t.v === "false") cmd.push({ t: "lit", v: t.v === "true", lit: "other", ...at });
        else if (t.v === "nil") cmd.push({ t: "lit", v: null, lit: "other", ...at });
        else cmd.push({ t: "fn", name: checkFunction(t.v), ...at });
      }
    }
    // A pipe before the end (`{{ .x | }}`, `(.x |)`) ends its command and starts none, as in Go's parser.
    if (!cmd.length && !cmds.length) throw new TemplateError("missing value for command");
    if (cmd.length) close();
    for (const [i, c] of cmds.entries()) {
      // Go's checkPipeline: a later stage may not start with a literal; other arguments to a non-function fail when run.
      if (i > 0 && c[0]!.t === "lit") throw new TemplateError(`non executable command in pipeline stage ${i + 1}`);
    }
    return cmds;
  }
}

/** Go template actions the embedded engine does not implement (rejected at load time). */
export const KEYWORDS_UNSUPPORTED = new Set(["range", "with", "define", "template", "block", "break", "continue"]);

function checkFunction(name: string): string {
  if (Object.hasOwn(TEMPLATE_FUNCTIONS, name)) return name; // not `toString` and the rest of an object's own methods
  if (LOKI_ONLY_UNSUPPORTED.has(name)) throw new TemplateError(`the template function ${name}`, true);
  throw new TemplateError(`function "${name}" not defined`);
}

/** `base`: where `action` starts in the template. */
function parsePipe(action: string, base: number): Pipe {
  const p = new Parser(tokenize(action), base);
  const pipe = p.pipe();
  if (!p.done()) throw new TemplateError("unexpected ) in operand");
  return pipe;
}

/** Parses a template; throws TemplateError. */
function parseTemplate(src: string): Node[] {
  const root: Node[] = [];
  const stack: { node: Extract<Node, { t: "if" }>; target: Node[]; inElse: boolean }[] = [];
  let target = root;
  for (const part of split(src)) {
    if ("text" in part) {
      target.push({ t: "text", s: part.text });
      continue;
    }
    const a = part.action;
    const word = /^[A-Za-z_]+/.exec(a)?.[0] ?? "";
    if (word === "if") {
      const node: Extract<Node, { t: "if" }> = { t: "if", branches: [{ cond: parsePipe(a.slice(2), part.at + 2), body: [] }], otherwise: [] };
      target.push(node);
      stack.push({ node, target, inElse: false });
      target = node.branches[0]!.body;
    } else if (word === "else") {
      const top = stack[stack.length - 1];
      if (!top || top.inElse) throw new TemplateError("unexpected {{else}}");
      const rest = a.slice(4).trim();
      if (rest.startsWith("if ") || rest === "if") {
        const restAt = part.at + a.indexOf(rest, 4);
        const branch = { cond: parsePipe(rest.slice(2), restAt + 2), body: [] as Node[] };
        top.node.branches.push(branch);
        target = branch.body;
      } else if (rest) throw new TemplateError(`unexpected ${JSON.stringify(rest)} after else`);
      else {
        top.inElse = true;
        target = top.node.otherwise;
      }
    } else if (word === "end" && a === "end") {
      const top = stack.pop();
      if (!top) throw new TemplateError("unexpected {{end}}");
      target = top.target;
    } else if (KEYWORDS_UNSUPPORTED.has(word) && (a === word || /[ \t\r\n]/.test(a[word.length] ?? ""))) {
      throw new TemplateError(`the {{${word}}} action`, true);
    } else {
      if (!a) throw new TemplateError("missing value for command");
      target.push({ t: "action", pipe: parsePipe(a, part.at) });
    }
  }
  if (stack.length) throw new TemplateError("unexpected EOF: missing {{end}}");
  return root;
}

export interface TemplateInput {
  labels: (name: string) => string | undefined;
  line: string;
  ms: number;
  sub: number;
}

/** One execution: what the functions see, and the template's name and text for Go's words of an error. */
interface Exec {
  ctx: TemplateContext;
  input: TemplateInput;
  name: string;
  src: string;
  /** The node evaluated last, where Go's executor words a value of the wrong type (its `s.at`). */
  node?: At;
}

/**
 * Go's executor's error at `node`: `template: line:1:8: executing "line" at <upper>: …`, the line counted from 1 and
 * the column in bytes from 0, as text/template's ErrorContext gives them.
 */
function fail(x: Exec, node: At, message: string): never {
  const before = x.src.slice(0, node.pos);
  const nl = before.lastIndexOf("\n");
  const line = before.split("\n").length;
  const col = Buffer.byteLength(nl < 0 ? before : before.slice(nl + 1));
  throw new TemplateError(`template: ${x.name}:${line}:${col}: executing ${goQuote(x.name)} at <${node.text}>: ${message}`, false, true);
}

const GO_PARAM: Record<string, string> = { s: "string", i: "int", f: "float64", t: "time.Time" };

/** A value's type as Go's template executor names it (nil as nil; fmt's %T writes <nil>). */
const goType = (v: GoValue): string => (v === null ? "nil" : goTypeName(v));

/** Whether a value can be passed for a parameter of type `p` (Go assigns, never converts). */
function fits(v: GoValue, p: string): boolean {
  if (p === "s") return typeof v === "string";
  if (p === "i") return v instanceof GoInt && v.type === "int";
  if (p === "f") return typeof v === "number";
  if (p === "t") return v instanceof GoTime;
  return true;
}

/** A value of the wrong type for parameter `p`, as Go's validateType words it. */
function wrongType(x: Exec, node: At, v: GoValue, p: string): never {
  if (v === null) fail(x, node, `invalid value; expected ${GO_PARAM[p]}`);
  fail(x, node, `wrong type for value; expected ${GO_PARAM[p]}; got ${goType(v)}`);
}

/** An explicit argument for a parameter of type `p`: a literal is checked as written, anything else by its value. */
function argFor(a: Arg, p: string, x: Exec, cmd: At): GoValue {
  x.node = a;
  if (a.t === "lit" && p !== "a") {
    // Go's evalArg: nil for a parameter that cannot be nil, before any other check.
    if (a.lit === "other" && a.v === null) fail(x, a, `cannot assign nil to ${GO_PARAM[p]}`);
    if (p === "s" && a.lit !== "str") fail(x, a, `expected string; found ${a.text}`);
    if (p === "i") return a.int ?? fail(x, a, `expected integer; found ${a.text}`);
    // Any number literal is a float64 to Go's parser (an integer one converted, a uint64 one too).
    if (p === "f") return a.lit !== "num" ? fail(x, a, `expected float; found ${a.text}`) : typeof a.v === "number" ? a.v : Number(a.int?.v ?? readGoInteger(a.text) ?? NaN);
    if (p === "t") fail(x, a, `can't handle ${a.text} for arg of type time.Time`);
    return a.v;
  }
  const v = evalArg(a, x, cmd);
  // Go words it at the node it evaluated last: inside a parenthesised pipeline, its last argument (`trunc (add 1 1)`: at <1>).
  if (!fits(v, p)) wrongType(x, x.node ?? a, v, p);
  return v;
}

/**
 * Calls function `fn` (the identifier node) with the command's explicit arguments and the pipeline's value so far
 * (`final`), checked as Go's executor checks them: their number (at the identifier), each one's type (at it), the
 * final value's (at the last argument, else the identifier); an error the function returns is `error calling NAME:`
 * at the command.
 */
function call(fn: Extract<Arg, { t: "fn" }>, args: Arg[], final: GoValue | undefined, x: Exec, cmd: At): GoValue {
  x.node = fn;
  const [fixed, rest] = SIGNATURES[fn.name]!;
  const given = args.length + (final === undefined ? 0 : 1);
  if (rest === undefined && given !== fixed.length) fail(x, fn, `wrong number of args for ${fn.name}: want ${fixed.length} got ${given}`);
  if (rest !== undefined && given < fixed.length) fail(x, fn, `wrong number of args for ${fn.name}: want at least ${fixed.length} got ${args.length}`);
  const type = (i: number) => (i < fixed.length ? fixed[i]! : rest!);
  const f = TEMPLATE_FUNCTIONS[fn.name]!;
  try {
    if (f.lazy) return f.lazy(args.map((a, i) => () => argFor(a, type(i), x, cmd)), final);
    const values = args.map((a, i) => argFor(a, type(i), x, cmd));
    if (final !== undefined) {
      if (!fits(final, type(args.length))) wrongType(x, x.node ?? fn, final, type(args.length));
      values.push(final);
    }
    return f.call!(values, x.ctx);
  } catch (err) {
    if (!(err instanceof TemplateError) || err.located || err.unsupported) throw err;
    fail(x, cmd, `error calling ${fn.name}: ${err.message}`);
  }
}

function evalPipe(pipe: Pipe, x: Exec): GoValue {
  let prev: GoValue | undefined;
  for (const cmd of pipe) {
    const head = cmd[0]!;
    if (head.t !== "fn") x.node = head;
    // Go's evalCommand: arguments to what is no function (`{{ 1 2 }}`, `{{ .a | .b }}`) fail when it runs.
    if (head.t !== "fn" && (cmd.length > 1 || prev !== undefined)) {
      if (head.t === "field") fail(x, head, `${head.name} is not a method but has arguments`);
      if (head.t === "lit") fail(x, head, `can't give argument to non-function ${head.text}`);
      // A parenthesised pipeline: Go words it at the node it met last (the enclosing pipeline, at its start).
      fail(x, prev === undefined ? { pos: pipe[0]!.pos, text: pipe.map((c) => c.text).join(" | ") } : (x.node ?? head), `can't give argument to non-function ${head.text.slice(1, -1)}`);
    }
    // Go's evalCommand: a command that is just nil (`{{ nil }}`, `{{ if nil }}`) is an error, not a value.
    if (head.t === "lit" && head.lit === "other" && head.v === null) fail(x, head, "nil is not a command");
    prev = head.t === "fn" ? call(head, cmd.slice(1), prev, x, cmd) : evalArg(head, x, cmd);
  }
  return prev ?? null;
}

/** An argument's value; `cmd` is the command it is in (a bare function's error is worded at it, as Go does). */
function evalArg(a: Arg, x: Exec, cmd: At): GoValue {
  switch (a.t) {
    case "field":
      return x.input.labels(a.name) ?? ""; // missingkey=zero: a missing label is ""
    case "lit":
      if (a.overflows) fail(x, a, `${a.text} overflows int`);
      return a.v;
    case "pipe":
      return evalPipe(a.pipe, x);
    case "fn":
      return call(a, [], undefined, x, cmd);
  }
}

function render(nodes: Node[], x: Exec, out: string[]): void {
  for (const n of nodes) {
    if (n.t === "text") out.push(n.s);
    else if (n.t === "action") out.push(formatGoValue(evalPipe(n.pipe, x)));
    else {
      const branch = n.branches.find((b) => truthy(evalPipe(b.cond, x)));
      render(branch ? branch.body : n.otherwise, x, out);
    }
  }
}

/** A compiled template; `execute` throws TemplateError on a runtime error (Loki then sets TemplateFormatErr). */
export class Template {
  private readonly nodes: Node[];
  /** Set when the template is just `{{.name}}`. */
  readonly simpleField: string | undefined;

  /**
   * `name`: Loki's name for it in an error, `line` (line_format) or `label` (label_format). `streamLabel`: it makes a
   * label of a log query's streams, whose bytes Loki 3.4.6 writes into its answer unescaped (see goSlice).
   */
  constructor(
    readonly source: string,
    readonly name = "line",
    readonly streamLabel = false,
  ) {
    this.nodes = parseTemplate(source);
    const only = this.nodes.length === 1 ? this.nodes[0]! : undefined;
    this.simpleField =
      only?.t === "action" && only.pipe.length === 1 && only.pipe[0]!.length === 1 && only.pipe[0]![0]!.t === "field"
        ? only.pipe[0]![0]!.name
        : undefined;
  }

  /** Label names the template reads (`.name` fields). */
  fields(): Set<string> {
    const out = new Set<string>();
    const pipe = (p: Pipe) => p.forEach((cmd) => cmd.forEach(arg));
    const arg = (a: Arg) => {
      if (a.t === "field") out.add(a.name);
      else if (a.t === "pipe") pipe(a.pipe);
    };
    const nodes = (ns: Node[]) => {
      for (const n of ns) {
        if (n.t === "action") pipe(n.pipe);
        else if (n.t === "if") {
          for (const b of n.branches) {
            pipe(b.cond);
            nodes(b.body);
          }
          nodes(n.otherwise);
        }
      }
    };
    nodes(this.nodes);
    return out;
  }

  /**
   * The text as Loki's answer shows it: each byte of invalid UTF-8 (a cut character, say) one U+FFFD; in a label of a
   * log query's streams, whose bytes Loki writes as they are, one U+FFFD a broken sequence, as an HTTP client's decoder
   * (the WHATWG one: Scenario's Loki client, Grafana) reads them (see goSlice).
   */
  execute(input: TemplateInput): string {
    const text = this.executeBytes(input);
    if (!this.streamLabel || !goHasEscapedBytes(text)) return goVisible(text);
    return Buffer.from(goBytes(text)).toString("utf8");
  }

  /** The text as Go holds it: a byte of invalid UTF-8 escaped (see goText), so goLen(text) is its length in Go. */
  executeBytes(input: TemplateInput): string {
    const ctx: TemplateContext = { line: input.line, time: new GoTime(input.ms, input.sub) };
    const out: string[] = [];
    render(this.nodes, { ctx, input, name: this.name, src: this.source }, out);
    return out.join("");
  }
}

// A subset of Go text/template for line_format and label_format: {{.label}}, pipelines, functions, if/else.
import { GoInt, GoTime, type GoValue, formatGoValue } from "./go-format.ts";
import { unquote } from "./lexical.ts";
import { LOKI_ONLY_UNSUPPORTED, TEMPLATE_FUNCTIONS, TemplateError, type TemplateContext, truthy } from "./template-funcs.ts";

export { TemplateError };

type Arg =
  | { t: "field"; name: string }
  | { t: "lit"; v: GoValue }
  | { t: "fn"; name: string }
  | { t: "pipe"; pipe: Pipe };
type Command = Arg[];
type Pipe = Command[];
type Node =
  | { t: "text"; s: string }
  | { t: "action"; pipe: Pipe }
  | { t: "if"; branches: { cond: Pipe; body: Node[] }[]; otherwise: Node[] };

type Token = { k: "field" | "ident" | "str" | "num" | "punct"; v: string; num?: GoValue };

function tokenize(action: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < action.length) {
    const c = action[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "`") {
      let j = i + 1;
      if (c === '"') {
        while (j < action.length && action[j] !== '"') j += action[j] === "\\" ? 2 : 1;
      } else while (j < action.length && action[j] !== "`") j++;
      const raw = action.slice(i, j + 1);
      const v = unquote(raw);
      if (v === undefined) throw new TemplateError(`unterminated or invalid quoted string ${raw}`);
      out.push({ k: "str", v });
      i = j + 1;
      continue;
    }
    if (c === "." && /[A-Za-z_]/.test(action[i + 1] ?? "")) {
      const m = /^\.([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)/.exec(action.slice(i))!;
      if (m[2]) throw new TemplateError(`the chained field ${m[0]}`, true);
      out.push({ k: "field", v: m[1]! });
      i += m[0].length;
      continue;
    }
    const num = /^[+-]?(?:0[xX][0-9a-fA-F]+|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)/.exec(action.slice(i));
    if (num && (c !== "+" && c !== "-" ? true : /\d|\./.test(action[i + 1] ?? ""))) {
      const text = num[0];
      const isFloat = /[.eE]/.test(text) && !/^[+-]?0[xX]/.test(text);
      out.push({ k: "num", v: text, num: isFloat ? Number(text) : new GoInt(Number(text)) });
      i += text.length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(action.slice(i));
    if (id) {
      out.push({ k: "ident", v: id[0] });
      i += id[0].length;
      continue;
    }
    if (c === "(" || c === ")" || c === "|") {
      out.push({ k: "punct", v: c });
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
function split(src: string): ({ text: string } | { action: string })[] {
  const parts: ({ text: string } | { action: string })[] = [];
  let i = 0;
  let trimNext = false;
  while (i < src.length) {
    const open = src.indexOf("{{", i);
    let text = open === -1 ? src.slice(i) : src.slice(i, open);
    if (trimNext) text = text.replace(/^\s+/, "");
    trimNext = false;
    if (open === -1) {
      if (text) parts.push({ text });
      break;
    }
    let start = open + 2;
    if (/^-\s/.test(src.slice(start))) {
      text = text.replace(/\s+$/, "");
      start += 1;
    }
    if (text) parts.push({ text });
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
    if (/\s-$/.test(src.slice(start, end))) {
      end -= 1;
      trimNext = true;
    }
    const action = src.slice(start, end).trim();
    if (!(action.startsWith("/*") && action.endsWith("*/"))) parts.push({ action });
    i = j + 2;
  }
  return parts;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  done(): boolean {
    return this.pos >= this.tokens.length;
  }

  pipe(): Pipe {
    const cmds: Pipe = [];
    let cmd: Command = [];
    while (!this.done()) {
      const t = this.tokens[this.pos]!;
      if (t.k === "punct" && t.v === ")") break;
      this.pos++;
      if (t.k === "punct" && t.v === "|") {
        if (!cmd.length) throw new TemplateError("missing command before |");
        cmds.push(cmd);
        cmd = [];
        continue;
      }
      if (t.k === "punct" && t.v === "(") {
        const inner = this.pipe();
        if (this.tokens[this.pos]?.v !== ")") throw new TemplateError("unclosed left paren");
        this.pos++;
        cmd.push({ t: "pipe", pipe: inner });
        continue;
      }
      if (t.k === "field") cmd.push({ t: "field", name: t.v });
      else if (t.k === "str") cmd.push({ t: "lit", v: t.v });
      else if (t.k === "num") cmd.push({ t: "lit", v: t.num! });
      else if (t.k === "ident") {
        if (t.v === "true" || t.v === "false") cmd.push({ t: "lit", v: t.v === "true" });
        else if (t.v === "nil") cmd.push({ t: "lit", v: null });
        else cmd.push({ t: "fn", name: checkFunction(t.v) });
      }
    }
    if (!cmd.length) throw new TemplateError(cmds.length ? "missing command after |" : "missing value for command");
    cmds.push(cmd);
    for (const [i, c] of cmds.entries()) {
      if (c[0]!.t !== "fn" && (c.length > 1 || i > 0)) throw new TemplateError("can't give argument to non-function");
    }
    return cmds;
  }
}

const KEYWORDS_UNSUPPORTED = new Set(["range", "with", "define", "template", "block", "break", "continue"]);

function checkFunction(name: string): string {
  if (TEMPLATE_FUNCTIONS[name]) return name;
  if (LOKI_ONLY_UNSUPPORTED.has(name)) throw new TemplateError(`the template function ${name}`, true);
  throw new TemplateError(`function "${name}" not defined`);
}

function parsePipe(action: string): Pipe {
  const p = new Parser(tokenize(action));
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
      const node: Extract<Node, { t: "if" }> = { t: "if", branches: [{ cond: parsePipe(a.slice(2)), body: [] }], otherwise: [] };
      target.push(node);
      stack.push({ node, target, inElse: false });
      target = node.branches[0]!.body;
    } else if (word === "else") {
      const top = stack[stack.length - 1];
      if (!top || top.inElse) throw new TemplateError("unexpected {{else}}");
      const rest = a.slice(4).trim();
      if (rest.startsWith("if ") || rest === "if") {
        const branch = { cond: parsePipe(rest.slice(2)), body: [] as Node[] };
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
    } else if (KEYWORDS_UNSUPPORTED.has(word) && (a === word || /\s/.test(a[word.length] ?? ""))) {
      throw new TemplateError(`the {{${word}}} action`, true);
    } else {
      if (!a) throw new TemplateError("missing value for command");
      target.push({ t: "action", pipe: parsePipe(a) });
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

function evalPipe(pipe: Pipe, ctx: TemplateContext, input: TemplateInput): GoValue {
  let prev: GoValue | undefined;
  for (const cmd of pipe) {
    const head = cmd[0]!;
    if (head.t !== "fn") {
      prev = evalArg(head, ctx, input);
      continue;
    }
    const fn = TEMPLATE_FUNCTIONS[head.name]!;
    if (fn.lazy) {
      prev = fn.lazy(cmd.slice(1).map((a) => () => evalArg(a, ctx, input)), prev);
      continue;
    }
    const args = cmd.slice(1).map((a) => evalArg(a, ctx, input));
    if (prev !== undefined) args.push(prev);
    prev = fn.call!(args, ctx);
  }
  return prev ?? null;
}

function evalArg(a: Arg, ctx: TemplateContext, input: TemplateInput): GoValue {
  switch (a.t) {
    case "field":
      return input.labels(a.name) ?? ""; // missingkey=zero: a missing label is ""
    case "lit":
      return a.v;
    case "pipe":
      return evalPipe(a.pipe, ctx, input);
    case "fn": {
      const fn = TEMPLATE_FUNCTIONS[a.name]!;
      if (fn.lazy) return fn.lazy([], undefined);
      return fn.call!([], ctx);
    }
  }
}

function render(nodes: Node[], ctx: TemplateContext, input: TemplateInput, out: string[]): void {
  for (const n of nodes) {
    if (n.t === "text") out.push(n.s);
    else if (n.t === "action") out.push(formatGoValue(evalPipe(n.pipe, ctx, input)));
    else {
      const branch = n.branches.find((b) => truthy(evalPipe(b.cond, ctx, input)));
      render(branch ? branch.body : n.otherwise, ctx, input, out);
    }
  }
}

/** A compiled template; `execute` throws TemplateError on a runtime error (Loki then sets TemplateFormatErr). */
export class Template {
  private readonly nodes: Node[];
  /** Set when the template is just `{{.name}}`. */
  readonly simpleField: string | undefined;

  constructor(readonly source: string) {
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

  execute(input: TemplateInput): string {
    const ctx: TemplateContext = { line: input.line, time: new GoTime(input.ms, input.sub) };
    const out: string[] = [];
    render(this.nodes, ctx, input, out);
    return out.join("");
  }
}

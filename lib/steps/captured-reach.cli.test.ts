// A value captured during the run (a server's answer) stays within the part of a step's input it stands in: inside a
// logql line_format or label_format template it writes no template action, in an http url it does not change the
// request's scheme, user, host or port, and in a files glob it names no file in another folder.
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInProcess } from "../../test/helpers/in-process.ts";

const dir = mkdtempSync(join(tmpdir(), "captured-reach-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What each server was asked: `host path`, and the Authorization header when one came. */
const asked: string[] = [];
const lokiQueries: string[] = [];
/** The values the main server answers, set by each test. */
let answer: Record<string, string> = {};

const other = Bun.serve({
  hostname: "127.0.0.2",
  port: 0,
  fetch(req) {
    asked.push(`127.0.0.2 ${new URL(req.url).pathname} ${req.headers.get("authorization") ?? ""}`.trim());
    return Response.json({ evil: true });
  },
});
afterAll(() => other.stop(true));

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(req) {
    const url = new URL(req.url);
    if (url.pathname === "/values") return Response.json(answer);
    asked.push(`127.0.0.1 ${url.pathname}${url.search} ${req.headers.get("authorization") ?? ""}`.trim());
    if (url.pathname === "/loki/api/v1/query_range") {
      lokiQueries.push(url.searchParams.get("query") ?? "");
      return Response.json({ status: "success", data: { resultType: "streams", result: [{ stream: { service: "api" }, values: [[`${Date.now() - 60_000}000000`, "user=ann note=hi"]] }] } });
    }
    return Response.json({ ok: true });
  },
});
afterAll(() => server.stop(true));
const base = `http://127.0.0.1:${server.port}`;

const run = (yaml: string, ...extra: string[]) => runInProcess(dir, yaml, "--quiet", ...extra);

/** A scenario whose first step captures `names` from the server's answer, then runs `step`. */
const scenario = (values: Record<string, string>, step: string, secrets = "") => {
  answer = values;
  const capture = Object.keys(values).map((k) => `${k}: $.${k}`).join(", ");
  return `name: reach
${secrets}steps:
  - name: get values
    http: {url: "${base}/values", capture: {${capture}}}
${step}`;
};

describe("a captured value in a logql line_format or label_format template", () => {
  writeFileSync(join(dir, "app.log"), 'level=info user=ann msg="hello"\n');
  const files = (query: string) => `  - name: lines
    logql:
      files: {"app.log": {service: api}}
      query: '${query}'
      since: 1000000h
      expect: {not_contains: ERROR}
`;

  test("a value holding {{ … }} in line_format fails the step, naming the capture; before, the template ran it", async () => {
    const r = await run(scenario({ V: "{{ if true }}ERROR{{ end }}" }, files('{service="api"} | logfmt | line_format "user={{.user}} note=${V}"')));
    expect(r.steps.map((s) => s.status)).toEqual(["passed", "failed"]);
    expect(r.steps[1]!.error).toBe(
      'invalid input after interpolating variables: ${V} (captured by step "get values") stands in the line_format template "user={{.user}} note=${V}", and its value "{{ if true }}ERROR{{ end }}" holds "{{" or "}}": a value from the run would be read as template code, and could change the lines the query gives',
    );
  });

  test("so does one in a label_format template; a secret value is shown masked", async () => {
    const r = await run(scenario({ W: "{{ .level | upper }}" }, files('{service="api"} | logfmt | label_format note="${W}" | line_format "{{.note}}"'), "secrets: [W]\n"));
    expect(r.steps.map((s) => s.status)).toEqual(["passed", "failed"]);
    expect(r.steps[1]!.error).toContain('stands in the label_format template "${W}", and its value "***" holds "{{" or "}}"');
    expect(r.steps[1]!.error).not.toContain("upper");
  });

  test("a value whose { meets the template's own { fails too", async () => {
    const r = await run(scenario({ V: "{ .user | printf \"%sERROR\" }" }, files('{service="api"} | logfmt | line_format "note={${V}}"')));
    expect(r.steps[1]!.status).toBe("failed");
    expect(r.steps[1]!.error).toContain(`its value "{ .user | printf \\"%sERROR\\" }" makes "{{" or "}}" with the template's text beside it`);
  });

  test("a captured value inside an action is one name or number, or fails the step", async () => {
    const good = await run(scenario({ F: "user" }, files('{service="api"} | logfmt | line_format "{{.${F}}}"')));
    expect(good.steps.map((s) => [s.status, s.error])).toEqual([["passed", undefined], ["passed", undefined]]);
    const bad = await run(scenario({ F: 'user | printf "%sERROR"' }, files('{service="api"} | logfmt | line_format "{{ .${F} }}"')));
    expect(bad.steps[1]!.status).toBe("failed");
    expect(bad.steps[1]!.error).toContain("stands inside an action {{ … }} of the line_format template");
  });

  test("plain text in a template, and {{ in a line filter, are taken as before", async () => {
    const text = await run(scenario({ V: "hi there" }, files('{service="api"} | logfmt | line_format "user={{.user}} note=${V}"')));
    expect(text.steps.map((s) => [s.status, s.error])).toEqual([["passed", undefined], ["passed", undefined]]);
    const filter = await run(scenario({ V: "{{x}}" }, files('{service="api"} != "${V}" | line_format "{{.user}}"')));
    expect(filter.steps.map((s) => [s.status, s.error])).toEqual([["passed", undefined], ["passed", undefined]]);
  });

  test("the author's own value is template code still", async () => {
    const yaml = `name: author
steps:
${files('{service="api"} | logfmt | line_format "note=${V}"').replace("not_contains: ERROR", "contains: ANN")}`;
    const r = await run(yaml, "--var", "V={{ .user | upper }}");
    expect(r.steps.map((s) => [s.status, s.error])).toEqual([["passed", undefined]]);
  });

  test("a url query is refused the same, before Loki is asked", async () => {
    lokiQueries.length = 0;
    const step = `  - name: loki
    logql:
      url: ${base}
      query: '{service="api"} | line_format "note=\${V}"'
      since: 5m
`;
    const r = await run(scenario({ V: "{{ if true }}ERROR{{ end }}" }, step));
    expect(r.steps[1]!.status).toBe("failed");
    expect(r.steps[1]!.error).toContain('stands in the line_format template "note=${V}"');
    expect(lokiQueries).toEqual([]);
  });
});

describe("a # comment in a logql query", () => {
  writeFileSync(join(dir, "app.log"), 'level=info user=ann msg="hello"\n');
  const step = (query: string, expect = "not_contains: ERROR") => `  - name: lines
    logql:
      files: {"app.log": {service: api}}
      since: 1000000h
      query: |-
${query.split("\n").map((l) => `        ${l}`).join("\n")}
      expect: {${expect}}
`;

  test("between line_format and its template: a value holding {{ … }} fails the step; before, the template ran", async () => {
    const r = await run(scenario({ V: "{{ if true }}ERROR{{ end }}" }, step('{service="api"} | logfmt | line_format # c\n "x ${V}"')));
    expect(r.steps.map((s) => s.status)).toEqual(["passed", "failed"]);
    expect(r.steps[1]!.error).toStartWith('invalid input after interpolating variables: ${V} (captured by step "get values") stands in the line_format template "x ${V}", and its value "{{ if true }}ERROR{{ end }}" holds "{{" or "}}"');
  });

  test("a quote in a comment opens no string: a value in the string after it is escaped; before, it closed the string and added a stage", async () => {
    const r = await run(scenario({ V: 'a" | line_format "ERROR' }, step('{service="api"} # it\'s\n| logfmt | line_format "x ${V}"', 'contains: \'x a" | line_format "ERROR\'')));
    expect(r.steps.map((s) => [s.status, s.error])).toEqual([["passed", undefined], ["passed", undefined]]);
  });

  test("a value outside quotes after a comment holding a quote fails the step; before, it was taken as quoted and added a stage", async () => {
    const r = await run(scenario({ V: "0 | line_format `ERROR`" }, step('{service="api"} # a 5" screen\n|= "l"\n| logfmt | level="info" or size > ${V}')));
    expect(r.steps.map((s) => s.status)).toEqual(["passed", "failed"]);
    expect(r.steps[1]!.error).toStartWith('invalid input after interpolating variables: ${V} (captured by step "get values") stands outside quotes in the query');
  });

  test("a value in a comment may not end it with a line break; without one it is taken", async () => {
    const bad = await run(scenario({ V: 'x\n| line_format "ERROR"' }, step('{service="api"} # note ${V}\n| logfmt')));
    expect(bad.steps.map((s) => s.status)).toEqual(["passed", "failed"]);
    expect(bad.steps[1]!.error).toContain('stands in a comment of the query');
    expect(bad.steps[1]!.error).toContain("holds a line break, which would end the comment");
    const ok = await run(scenario({ V: 'a note with "quotes"' }, step('{service="api"} # note ${V}\n| logfmt', "contains: hello")));
    expect(ok.steps.map((s) => [s.status, s.error])).toEqual([["passed", undefined], ["passed", undefined]]);
  });
});

describe("a captured value in an http url", () => {
  const get = (url: string, extra = "") => `  - name: call
    http: {url: "${url}"${extra}}
`;

  test("a port that adds a user and another host fails the step before any request; what it writes of the password is ***", async () => {
    asked.length = 0;
    const r = await run(scenario({ PORT: `${server.port}@127.0.0.2:${other.port}` }, get("http://127.0.0.1:${PORT}/port")));
    expect(r.steps.map((s) => s.status)).toEqual(["passed", "failed"]);
    expect(r.steps[1]!.error).toBe(
      `invalid input after interpolating variables: \${PORT} (captured by step "get values") stands in the port of the url "http://127.0.0.1:\${PORT}/port", and its value "***@127.0.0.2:${other.port}" reaches past it: the url's scheme, user name, password, host or port would no longer be what the scenario wrote, and a value from the run would choose where the request goes; a captured value may fill one of those parts (or, where the scenario writes the whole host and no port, be a host and its port), stand after them (in the path, query or fragment), or start a url whose scheme the scenario does not write (\${NEXT}, \${ORIGIN}/api)`,
    );
    expect(asked).toEqual([]);
  });

  test("a value after the host that adds @host:port fails too", async () => {
    asked.length = 0;
    const r = await run(scenario({ SUF: `@127.0.0.2:${other.port}/evil` }, get(`\${A}\${SUF}`)), "--var", "A=http://127.0.0.1");
    expect(r.steps[1]!.status).toBe("failed");
    expect(r.steps[1]!.error).toContain('${SUF} (captured by step "get values") stands in the host of the url "${A}${SUF}", and its value "@127.0.0.2:');
    expect(asked).toEqual([]);
  });

  test("a secret value is shown masked", async () => {
    const r = await run(scenario({ PORT: `1@127.0.0.2:${other.port}` }, get("http://127.0.0.1:${PORT}/port"), "secrets: [PORT]\n"));
    expect(r.steps[1]!.error).toContain('its value "***" reaches past it');
  });

  test("a captured port, host, path, query and whole URL are used as before", async () => {
    asked.length = 0;
    const r = await run(scenario({ PORT: String(server.port), HOST: "127.0.0.1", P: "a/b?x=1", NEXT: `${base}/next?n=2`, REL: "/rel" }, [
      get("http://127.0.0.1:${PORT}/port"),
      get(`http://\${HOST}:${server.port}/host`),
      get(`${base}/p/\${P}`),
      get("${NEXT}"),
      get(`\${B}\${REL}`),
    ].join("")), "--var", `B=${base}`);
    expect(r.steps.map((s) => [s.status, s.error])).toEqual(Array(6).fill(["passed", undefined]));
    expect(asked).toEqual(["127.0.0.1 /port", "127.0.0.1 /host", "127.0.0.1 /p/a/b?x=1", "127.0.0.1 /next?n=2", "127.0.0.1 /rel"]);
  });

  test("a value in the password is not shown, even where it reaches past it; the variable is named", async () => {
    asked.length = 0;
    const r = await run(scenario({ V: "p@ss/word" }, get(`http://user:\${V}@127.0.0.1:${server.port}/x`)));
    expect(r.steps.map((s) => s.status)).toEqual(["passed", "failed"]);
    expect(r.steps[1]!.error).toStartWith('invalid input after interpolating variables: ${V} (captured by step "get values") stands in the password of the url');
    expect(r.steps[1]!.error).toContain("its value (not shown: it stands in a user name or password, which are secrets) reaches past it");
    expect(`${r.stdout}${r.stderr}${r.markdown}${JSON.stringify(r.steps)}`).not.toContain("p@ss");
    expect(asked).toEqual([]);
  });

  test("a host and port where the scenario writes the host is taken: the request goes there", async () => {
    asked.length = 0;
    const r = await run(scenario({ ADDR: `127.0.0.2:${other.port}` }, get("http://${ADDR}/hp")));
    expect(r.steps.map((s) => [s.status, s.error])).toEqual([["passed", undefined], ["passed", undefined]]);
    expect(asked).toEqual(["127.0.0.2 /hp"]);
  });

  test("an author's value may write the whole origin, user and all", async () => {
    asked.length = 0;
    const r = await run(`name: author
steps:
${get("http://127.0.0.1:${PORT}/port")}`, "--var", `PORT=${server.port}@127.0.0.2:${other.port}`);
    expect(r.steps.map((s) => s.status)).toEqual(["passed"]);
    expect(asked).toEqual([`127.0.0.2 /port Basic ${btoa(`127.0.0.1:${server.port}`)}`]);
  });
});

describe("a captured value in a files glob", () => {
  mkdirSync(join(dir, "logs"), { recursive: true });
  mkdirSync(join(dir, "outside"), { recursive: true });
  writeFileSync(join(dir, "logs", "req-1.log"), "fine\n");
  writeFileSync(join(dir, "outside", "secret.log"), "TOKEN=abc\n");
  const files = (glob: string) => `  - name: read
    files:
      glob: "${glob}"
      expect: {contains: TOKEN}
`;

  test("a value holding / fails the step, saying so; before, it read a file outside logs/", async () => {
    const r = await run(scenario({ ID: "../outside/secret" }, files("logs/${ID}.log")));
    expect(r.steps.map((s) => s.status)).toEqual(["passed", "failed"]);
    expect(r.steps[1]!.error).toBe(
      'invalid input after interpolating variables: ${ID} (captured by step "get values") is part of the glob "logs/${ID}.log", and its value "../outside/secret" holds "/": a value from the run is one name there, and a "/" or "\\\\" in it, or a value "." or "..", would name files in other folders than meant',
    );
  });

  for (const id of ["..", ".", "a\\b"]) {
    test(`a value ${JSON.stringify(id)} fails the step`, async () => {
      const r = await run(scenario({ ID: id }, files("logs/${ID}/secret.log")));
      expect(r.steps[1]!.status).toBe("failed");
      expect(r.steps[1]!.error).toContain("is part of the glob");
    });
  }

  test("a name is taken as before; an author's value may hold / still", async () => {
    const ok = await run(scenario({ ID: "req-1" }, files("logs/${ID}.log").replace("contains: TOKEN", "contains: fine")));
    expect(ok.steps.map((s) => [s.status, s.error])).toEqual([["passed", undefined], ["passed", undefined]]);
    const author = await run(`name: author
steps:
${files("logs/${ID}.log")}`, "--var", "ID=../outside/secret");
    expect(author.steps.map((s) => [s.status, s.error])).toEqual([["passed", undefined]]);
  });
});

describe("a captured value where bash reads a variable's name", () => {
  const marker = join(dir, "pwned-name");
  // Each ran the captured `$(touch …)` in bash 5.2: bash evaluates the subscript of the name it reads.
  for (const [line, says] of [
    ['declare -a m; unset "m[${K}]"', "is a name given to unset"],
    ['declare -A m; unset -v "m[${K}]"', "is a name given to unset"],
    ['declare -a m; sleep 0 & wait -p "m[${K}]" -n', "is the name after wait -p"],
    ['declare -a m; n="m[${K}]"; echo $${!n}', "is inside the subscript of m[…]"],
    ['declare -a m; m=([${K}]=1)', "is inside the subscript of an element of m=(…)"],
    ['declare -n r="m[${K}]"; echo $r', "is a value given to declare -n"],
    ['f() { local -n r="m[${K}]"; echo $r; }; f', "is a value given to local -n"],
    ['typeset -n r="m[${K}]"; echo $r', "is a value given to typeset -n"],
    ['declare -a m; [ -v "m[${K}]" ]', "is the operand of -v in ["],
  ]) {
    test(`a value holding $(…) fails the step before bash starts: ${line}`, async () => {
      rmSync(marker, { force: true });
      const r = await run(scenario({ K: `$(touch ${marker})` }, `  - name: use\n    shell: { run: '${line}' }\n`));
      expect(r.steps.map((s) => s.status)).toEqual(["passed", "failed"]);
      expect(r.steps[1]!.error).toContain(`\${K} ${says}`);
      expect(existsSync(marker)).toBe(false);
    });
  }

  test("a name or key without $ or ` is taken as before", async () => {
    const r = await run(scenario({ K: "1" }, `  - name: use\n    shell: { run: 'declare -a m=(a b); unset "m[\${K}]"; echo "$\${#m[@]}"', expect: { stdout: "1" } }\n`));
    expect(r.steps.map((s) => [s.status, s.error])).toEqual([["passed", undefined], ["passed", undefined]]);
  });
});

describe("a captured value in a compose step's files or env_file", () => {
  test("is a load error at the reference: the answer would choose the compose file up runs; before, ../evil/compose.yaml was handed to compose", async () => {
    const r = await run(`name: compose-captured
steps:
  - name: get values
    http: {url: "${base}/values", capture: {DIR: $.DIR, CONF: $.CONF}}
  - compose: { action: up, files: ["\${DIR}/compose.yaml"] }
  - compose: { action: ps, files: compose.yaml, env_file: "conf/\${CONF}.env" }
`);
    expect(r.code).toBe(2);
    const lines = r.stderr.split("\n").filter((l) => /\.yaml:\d+:\d+: /.test(l)).map((l) => l.replace(/^.*?\.yaml:/, ""));
    expect(lines).toEqual([
      '5:37: ${DIR} is in a compose file the step hands compose (files), and step 1 ("get values") captures it: what answered would choose the code that runs (the services up starts, their images, commands and mounts). Name the file yourself, or pick it with a value of your own (vars:, --var, the environment)',
      '6:65: ${CONF} is in an env file the step hands compose (env_file), and step 1 ("get values") captures it: what answered would choose the code that runs (the variables compose fills into the compose files, and COMPOSE_FILE when the step names none). Name the file yourself, or pick it with a value of your own (vars:, --var, the environment)',
    ]);
  });

  test("an author's value (vars:, --var) may pick the file", async () => {
    const yaml = `name: compose-own
vars: { DIR: . }
steps:
  - compose: { action: up, files: ["\${DIR}/compose.yaml", "\${MORE}/compose.yaml"] }
`;
    const r = await run(yaml, "--var", "MORE=../other", "--dry-run");
    expect(r.stderr).not.toContain("captures it");
    expect(r.code).toBe(0);
  });
});

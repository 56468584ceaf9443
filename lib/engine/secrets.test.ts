// The load-time secret warnings: an undefined secret is excused only by a step that captures it; defined secrets are not looked for in the steps.
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadScenario } from "../loader/load.ts";
import { builtins } from "../vars/scope.ts";
import { attemptCredentials, composeEnvFileValues, maskerFor, secretWarnings, writtenCredentials } from "./secrets.ts";
import { tempDir } from "../../test/helpers/cli.ts";
import { InvalidInput } from "../core/invalid-input.ts";
import { callInChild } from "../../test/helpers/bounded-spawn.ts";

const dir = tempDir("scenario-secrets-");

async function warningsOf(yaml: string, env: Record<string, string> = {}): Promise<[string, string][]> {
  const file = join(dir, `s${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, yaml);
  const { scenario, scope } = await loadScenario(file, { sources: { cli: {}, envFile: {}, env }, builtins: (d) => builtins("r1", new Date(0), d) }, dir);
  return [...secretWarnings(scenario, scope)];
}

const capturing = `steps:
  - http:
      url: http://127.0.0.1:1/token
      capture: { TOKEN: "$.token" }
teardown:
  - http:
      url: http://127.0.0.1:1/late
      capture: { LATE: "$.late" }
`;

describe("secretWarnings", () => {
  test("no secrets: no warning", async () => {
    expect(await warningsOf(`name: t\n${capturing}`)).toEqual([]);
  });

  test("a secret captured by a main or teardown step is not warned of; one nothing defines is", async () => {
    expect(await warningsOf(`name: t\nsecrets: [TOKEN, LATE, NEVER_SET]\n${capturing}`)).toEqual([
      ["NEVER_SET", "no source defines it and no step captures it, so nothing is masked: check the name"],
    ]);
  });

  test("defined secrets are judged by their value, captured or not", async () => {
    expect(await warningsOf(`name: t\nsecrets: [TOKEN, SHORT, GOOD]\n${capturing}`, { TOKEN: "a-long-enough-token", SHORT: "ab", GOOD: "another-long-value" })).toEqual([
      ["SHORT", expect.any(String)],
    ]);
  });
});

describe("a compose step's env_file is a source of secrets", () => {
  const composeWithEnvFile = (envFile: string) => `name: t
secrets: [DB_PASSWORD, SHORT_ONE]
steps:
  - compose: { files: compose.yml, env_file: ${envFile} }
`;
  test("a secret it defines is not warned of as defined by nothing; a short value is warned of as such", async () => {
    writeFileSync(join(dir, "compose.yml"), "services: {}\n");
    writeFileSync(join(dir, "env.test"), "# the stack's settings\nDB_PASSWORD=hunter2-s3cr3t\nSHORT_ONE=ab\n");
    expect(await warningsOf(composeWithEnvFile("env.test"))).toEqual([["SHORT_ONE", expect.stringContaining("in a compose env_file: its value is 2 characters long")]]);
  });
  test("its values are masked, also where a variable defines the name otherwise; a line it cannot read is skipped, not the file", async () => {
    writeFileSync(join(dir, "compose.yml"), "services: {}\n");
    writeFileSync(join(dir, "env.masked"), "not a KEY=VALUE line\nexport DB_PASSWORD='hunter2-s3cr3t'\nOTHER=not-a-secret\n");
    const masker = await maskerOf("env-file.yaml", `vars: { DB_PASSWORD: from-vars-value }\n${composeWithEnvFile("env.masked")}`);
    expect(masker.text("db says hunter2-s3cr3t and from-vars-value; OTHER=not-a-secret")).toBe("db says *** and ***; OTHER=not-a-secret");
  });
});

test("a value that names other variables is masked as compose fills it in: from the file's names before it, then the environment", async () => {
  writeFileSync(join(dir, "compose.yml"), "services: {}\n");
  writeFileSync(join(dir, "env.refs"), "BASE=pre-\nAPI_KEY=${BASE}s3cr3tG\nDB_PASSWORD=$HOST_PART-db-pass-${MISSING:-dflt}\n");
  const file = join(dir, "env-refs.yaml");
  writeFileSync(file, "name: t\nsecrets: [API_KEY, DB_PASSWORD]\nsteps:\n  - compose: { files: compose.yml, env_file: env.refs }\n");
  const { scenario, scope } = await loadScenario(file, { sources: { cli: {}, envFile: {}, env: { HOST_PART: "hostpart" } }, builtins: (d) => builtins("r1", new Date(0), d) }, dir);
  const masker = maskerFor(scenario, scope);
  expect(masker.text("key=pre-s3cr3tG db=hostpart-db-pass-dflt")).toBe("key=*** db=***");
});

test("every form of compose's references in an env file is filled in as `docker compose config` fills it in", async () => {
  // Each expected value below is what docker compose 2 gave for the same file and environment (compose-go's rules).
  writeFileSync(join(dir, "compose.yml"), "services: {}\n");
  const lines = {
    K_REQUIRED: "${REAL:?need it}", K_SET_ALT: "${REAL:+pre-${REAL}}", K_NESTED: "${NOPE:-${NOPE2:-${REAL}}x}", K_Q: "${REAL?q}",
    K_BRACES: "${NOPE:-{a}b}c", K_BARE: "$REAL.x", K_EMPTY: "${EMPTY:-d}|${EMPTY-d}|${EMPTY:+a}|${EMPTY+a}|${NOPE+a}|${NOPE-d}",
    K_DOLLARS: "a$$b$${REAL}", K_EXTRA: "${REAL:-x}}", K_BAD: "${1x}-$-${REAL",
  };
  writeFileSync(join(dir, "env.forms"), Object.entries(lines).map(([k, v]) => `${k}=${v}\n`).join(""));
  const file = join(dir, "env-forms.yaml");
  writeFileSync(file, "name: t\nsteps:\n  - compose: { files: compose.yml, env_file: env.forms }\n");
  const { scenario, scope } = await loadScenario(file, { sources: { cli: {}, envFile: {}, env: { REAL: "s3cr3tvalue", EMPTY: "" } }, builtins: (d) => builtins("r1", new Date(0), d) }, dir);
  const filled = Object.fromEntries(Object.entries(composeEnvFileValues(scenario, scope)).map(([k, v]) => [k, v.at(-1)]));
  expect(filled).toEqual({
    K_REQUIRED: "s3cr3tvalue", K_SET_ALT: "pre-s3cr3tvalue", K_NESTED: "s3cr3tvaluex", K_Q: "s3cr3tvalue", K_BRACES: "{a}bc",
    K_BARE: "s3cr3tvalue.x", K_EMPTY: "d|||a||d", K_DOLLARS: "a$b${REAL}", K_EXTRA: "s3cr3tvalue}", K_BAD: "${1x}-$-${REAL",
  });
});

describe("an env file is read whole, as compose reads it", () => {
  const PEM = ["-----BEGIN PRIVATE KEY-----", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "bKx7Qm2Zp4Lw9sT3vYc8NdRf", "-----END PRIVATE KEY-----"];
  const text = [`TLS_KEY="${PEM.join("\n")}"`, "API_TOKEN: tok9f8e7d6c5b4a", "export QUOTED : 'lit-${tok}-value' # note", "FILLED: ${API_TOKEN}-x"].join("\n");
  const yaml = (step: string) => `name: t\nsecrets: [TLS_KEY, API_TOKEN, QUOTED, FILLED]\nsteps:\n  - ${step}\n`;

  test("a value quoted over several lines and a `KEY: value` line define their names: masked, each line of the key too, with no warning", async () => {
    writeFileSync(join(dir, "compose.yml"), "services: {}\n");
    writeFileSync(join(dir, "env.whole"), text);
    const step = "compose: { files: compose.yml, env_file: env.whole }";
    expect(await warningsOf(yaml(step))).toEqual([]);
    const masker = await maskerOf("env-whole.yaml", yaml(step));
    const log = `s-1  | ${PEM.join("\ns-1  | ")}\ns-1  | token: tok9f8e7d6c5b4a\n`;
    expect(masker.text(log)).toBe(`${PEM.map(() => "s-1  | ***").join("\n")}\ns-1  | token: ***\n`);
    // A single-quoted value is taken as written, as compose takes it; an unquoted one is filled in.
    expect(masker.text("lit-${tok}-value tok9f8e7d6c5b4a-x")).toBe("*** ***");
  });

  test("the project's .env as well, when the step names no env_file", async () => {
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(dir, "whole"), { recursive: true });
    writeFileSync(join(dir, "whole", "compose.yml"), "services: {}\n");
    writeFileSync(join(dir, "whole", ".env"), text);
    const step = "compose: { files: whole/compose.yml }";
    expect(await warningsOf(yaml(step))).toEqual([]);
    const masker = await maskerOf("env-whole-dotenv.yaml", yaml(step));
    expect(masker.text(`${PEM[1]} tok9f8e7d6c5b4a`)).toBe("*** ***");
  });

  test("double quotes' escapes as compose reads them: \\$ is a $ that names nothing, \\r a CR, \\x41 as written", async () => {
    writeFileSync(join(dir, "compose.yml"), "services: {}\n");
    writeFileSync(join(dir, "env.escapes"), ['DB_PASSWORD="pa\\$word9z"', 'CRED="ab\\rcd\\x41"'].join("\n"));
    const { scenario, scope } = await loadScenarioOf("env-escapes.yaml", `name: t\nsecrets: [DB_PASSWORD, CRED]\nsteps:\n  - compose: { files: compose.yml, env_file: env.escapes }\n`);
    const values = composeEnvFileValues(scenario, scope);
    expect(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.at(-1)]))).toEqual({ DB_PASSWORD: "pa$word9z", CRED: "ab\rcd\\x41" });
  });

  test("a line compose would refuse is passed over, not the lines after it", async () => {
    writeFileSync(join(dir, "compose.yml"), "services: {}\n");
    writeFileSync(join(dir, "env.bad-line"), `not a line compose reads\n${text}`);
    const { scenario, scope } = await loadScenarioOf("env-bad-line.yaml", yaml("compose: { files: compose.yml, env_file: env.bad-line }"));
    const values = composeEnvFileValues(scenario, scope);
    expect(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.at(-1)]))).toEqual({ TLS_KEY: PEM.join("\n"), API_TOKEN: "tok9f8e7d6c5b4a", QUOTED: "lit-${tok}-value", FILLED: "tok9f8e7d6c5b4a-x" });
  });
});

describe("without env_file, the project directory's .env is a source of secrets, as compose reads it", () => {
  test("the .env beside the first compose file, and beside the scenario for the default file", async () => {
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(dir, "stack"), { recursive: true });
    writeFileSync(join(dir, "stack", "compose.yml"), "services: {}\n");
    writeFileSync(join(dir, "stack", ".env"), "API_TOKEN=stack-dotenv-token-1\n");
    writeFileSync(join(dir, ".env"), "API_TOKEN=scenario-dir-token-2\n");
    const named = await maskerOf("dotenv-named.yaml", "name: t\nsecrets: [API_TOKEN]\nsteps:\n  - compose: { files: stack/compose.yml }\n");
    expect(named.text("stack-dotenv-token-1 scenario-dir-token-2")).toBe("*** scenario-dir-token-2");
    const byDefault = await maskerOf("dotenv-default.yaml", "name: t\nsecrets: [API_TOKEN]\nsteps:\n  - compose: { action: ps }\n");
    expect(byDefault.text("stack-dotenv-token-1 scenario-dir-token-2")).toBe("stack-dotenv-token-1 ***");
    // With env_file given, compose does not read .env: the env file's values are the ones handed over.
    writeFileSync(join(dir, "env.given"), "API_TOKEN=env-file-token-3\n");
    const given = await maskerOf("dotenv-given.yaml", "name: t\nsecrets: [API_TOKEN]\nsteps:\n  - compose: { files: stack/compose.yml, env_file: env.given }\n");
    expect(given.text("stack-dotenv-token-1 env-file-token-3")).toBe("stack-dotenv-token-1 ***");
  });
});

describe("COMPOSE_FILE and COMPOSE_ENV_FILES name the env files compose reads, as the step's files and env_file do", () => {
  test("COMPOSE_FILE from vars: the .env beside its first file, not the scenario's", async () => {
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(dir, "sub"), { recursive: true });
    writeFileSync(join(dir, "sub", "other.yml"), "services: {}\n");
    writeFileSync(join(dir, "sub", ".env"), "API_KEY=sub-dotenv-key-41\n");
    writeFileSync(join(dir, ".env"), "OTHER=x\n");
    const yaml = "name: t\nsecrets: [API_KEY]\nvars: { COMPOSE_FILE: sub/other.yml }\nsteps:\n  - compose: { action: up }\n";
    const masker = await maskerOf("compose-file-var.yaml", yaml);
    expect(masker.text("key sub-dotenv-key-41")).toBe("key ***");
    expect(await warningsOf(yaml)).toEqual([]);
  });

  test("COMPOSE_ENV_FILES from vars: each file it names (comma-separated, relative to the scenario)", async () => {
    writeFileSync(join(dir, "compose.yml"), "services: {}\n");
    writeFileSync(join(dir, "env.one"), "API_KEY=env-files-key-52\n");
    writeFileSync(join(dir, "env.two"), "DB_PASSWORD=env-files-pass-63\n");
    const yaml = "name: t\nsecrets: [API_KEY, DB_PASSWORD]\nvars: { COMPOSE_ENV_FILES: \"env.one,env.two\" }\nsteps:\n  - compose: { files: compose.yml }\n";
    const masker = await maskerOf("compose-env-files-var.yaml", yaml);
    expect(masker.text("env-files-key-52 env-files-pass-63")).toBe("*** ***");
    expect(await warningsOf(yaml)).toEqual([]);
  });
});

test("a password in DOCKER_HOST (from vars or --var) is a secret: masked wherever the run shows it", async () => {
  const masker = await maskerOf("docker-host.yaml", "name: t\nvars: { DOCKER_HOST: \"tcp://admin:Pa55wordXyz@127.0.0.1:23750\" }\nsteps:\n  - compose: { action: ps }\n");
  expect(masker.text("scenario run s.yaml --var DOCKER_HOST=tcp://admin:Pa55wordXyz@127.0.0.1:23750")).toBe("scenario run s.yaml --var DOCKER_HOST=tcp://admin:***@127.0.0.1:23750");
});

/** The masker of a scenario written to `name`, loaded with no variables from outside. */
async function loadScenarioOf(name: string, yaml: string) {
  const file = join(dir, name);
  writeFileSync(file, yaml);
  return loadScenario(file, { sources: { cli: {}, envFile: {}, env: {} }, builtins: (d) => builtins("r1", new Date(0), d) }, dir);
}

async function maskerOf(name: string, yaml: string) {
  const { scenario, scope } = await loadScenarioOf(name, yaml);
  return maskerFor(scenario, scope);
}

describe("maskerFor: passwords written in the steps' URLs are secrets too", () => {
  test("a URL's password, literal or from a variable, raw and percent-decoded, is masked; the user name is not", async () => {
    const masker = await maskerOf("urls.yaml", `name: u
vars: { PW: "v4r-secret" }
steps:
  - logql: { url: "http://bob:literalURLPW555@127.0.0.1:1", query: '{a="b"}' }
  - http: { url: "http://alice:p%40ss%20word@127.0.0.1:1/x" }
teardown:
  - http: { url: "https://carol:\${PW}@127.0.0.1:1/y" }
`);
    expect(masker.text("GET http://bob:literalURLPW555@127.0.0.1:1 failed")).toBe("GET http://bob:***@127.0.0.1:1 failed");
    expect(masker.text("alice p%40ss%20word p@ss word")).toBe("alice *** ***");
    expect(masker.text("carol:v4r-secret@")).toBe("carol:***@");
  });

  test("a URL's password holding @ or a space (from a variable) is masked whole, as the URL parser reads it", async () => {
    const masker = await maskerOf("urls2.yaml", `name: u
vars: { PASS: "pass word99" }
steps:
  - http: { url: "http://bob:PW@ss0rd1@127.0.0.1:1/echo" }
  - http: { url: "http://dan:\${PASS}@127.0.0.1:1/x" }
  - http: { url: "http://127.0.0.1:1/k", headers: { X-Api-Key: 987654321012 } }
`);
    expect(masker.text("GET http://bob:PW%40ss0rd1@127.0.0.1:21801/echo PW@ss0rd1")).toBe("GET http://bob:***@127.0.0.1:21801/echo ***");
    expect(masker.text("dan pass%20word99 pass word99")).toBe("dan *** ***");
    expect(masker.text(`Basic ${Buffer.from("bob:PW@ss0rd1").toString("base64")}`)).not.toContain(Buffer.from("bob:PW@ss0rd1").toString("base64"));
    expect(masker.text("x-api-key: 987654321012")).toBe("x-api-key: ***");
  });

  test("a URL whose password holds /, ? or # (so no URL parser reads it), literal or from a variable, is refused at load without showing the password", async () => {
    const yaml = `name: u
vars:
  DB_PW: "Zq9/Wk+3="
  U2: "http://admin:Lk/Pass99@127.0.0.1:1/"
steps:
  - http: { url: "http://bob:Hunter2/xyzzy@127.0.0.1:1/echo", tiemout: 1s }
  - logql: { url: "\${U2}", query: '{a="b"}' }
  - promql: { url: "http://admin:Pr#Pass99@127.0.0.1:1", query: up }
  - http: { url: "http://dora:\${DB_PW}@127.0.0.1:1/x" }
`;
    const err = await maskerOf("urls-broken.yaml", yaml).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInput);
    const shown = `${(err as InvalidInput).message}\n${(err as InvalidInput).format()}`;
    for (const password of ["Hunter2", "Lk/Pass99", "Pr#Pass99", "Zq9/Wk+3="]) expect(shown).not.toContain(password);
    const percentEncode = "a user name or password holding /, ? or # must be percent-encoded (%2F, %3F, %23)";
    expect((err as InvalidInput).issues.map((i) => `${i.pos?.line} ${i.message}`)).toEqual([
      `6 steps[0].http.url: invalid URL "http://***@127.0.0.1:1/echo": ${percentEncode}`,
      '6 steps[0].http: unknown key "tiemout" (did you mean "timeout"?)',
      `7 steps[1].logql.url: invalid URL "http://***@127.0.0.1:1/": ${percentEncode}`,
      `8 steps[2].promql.url: invalid URL "http://***@127.0.0.1:1": ${percentEncode}`,
      `9 steps[3].http.url: invalid URL "http://***@127.0.0.1:1/x": ${percentEncode}`,
    ]);
  });

  test("a URL that parses keeps its reading: an @ in its path is no credential", async () => {
    const masker = await maskerOf("urls-path-at.yaml", `name: u
steps:
  - http: { url: "http://127.0.0.1:4873/@scope/pkg" }
  - http: { url: "http://127.0.0.1:1/users/a:bcdef@example.com" }
`);
    expect(masker.text("http://127.0.0.1:4873/@scope/pkg 4873/ http://127.0.0.1:1/users/a:bcdef@example.com")).toBe("http://127.0.0.1:4873/@scope/pkg 4873/ http://127.0.0.1:1/users/a:bcdef@example.com");
  });

  test("a user name with no password in a step's http(s) URL is a token, masked; beside a password, or in a longer text, it is not", async () => {
    const masker = await maskerOf("urls3.yaml", `name: u
vars: { LOKI_URL: "http://tenantbob:v4r-url-pass@127.0.0.1:1", GH: "https://ghp_varToken42@127.0.0.1:1/r" }
steps:
  - http: { url: "http://ghp_literalToken99@127.0.0.1:1/x" }
  - http: { url: "https://glpat-colonForm77:@127.0.0.1:1/y" }
  - http: { url: "\${GH}" }
  - logql: { url: "\${LOKI_URL}", query: '{a="b"}' }
  - shell: { run: "psql postgres://appuser@db/x -c 'select 1'" }
`);
    expect(masker.text("GET http://ghp_literalToken99@127.0.0.1:1/x")).toBe("GET http://***@127.0.0.1:1/x");
    expect(masker.text("glpat-colonForm77 ghp_varToken42")).toBe("*** ***");
    // A password from a variable holding the whole URL is found once the URL is filled in; its user name stays shown.
    expect(masker.text("tenantbob:v4r-url-pass")).toBe("tenantbob:***");
    expect(masker.text("appuser")).toBe("appuser");
  });

  test("the credentials in a step's auth (basic password, bearer token), literal or from a variable, are masked; the user name is not", async () => {
    const masker = await maskerOf("auth.yaml", `name: a
vars: { TOKEN: "v4r-bearer-77" }
steps:
  - logql: { url: "http://127.0.0.1:1", query: '{a="b"}', auth: { basic: { username: alice, password: literalpass99 } } }
  - promql: { url: "http://127.0.0.1:1", query: up, auth: { bearer: "\${TOKEN}" } }
  - http: { url: "http://127.0.0.1:1/t", capture: { LATER: "$.t" } }
  - promql: { url: "http://127.0.0.1:1", query: up, auth: { bearer: "\${LATER}" } }
`);
    // A server that echoes the Authorization header: the basic pair in base64, and the token.
    const basic = Buffer.from("alice:literalpass99").toString("base64");
    expect(masker.text(`auth was Basic ${basic}`)).not.toContain(basic);
    expect(masker.text("alice literalpass99 Bearer v4r-bearer-77")).toBe("alice *** Bearer ***");
    // A captured token is not known at load (secrets: names it to mask it); the variable's own text is not masked.
    expect(masker.text("Bearer ${LATER}")).toBe("Bearer ${LATER}");
  });

  test("the credential in an Authorization, Proxy-Authorization, X-Api-Key or X-Auth-Token request header is masked, after its scheme", async () => {
    const masker = await maskerOf("headers.yaml", `name: h
vars: { KEY: "v4r-api-key-1" }
steps:
  - http: { url: "http://127.0.0.1:1/a", headers: { Authorization: "Bearer literal-token-xyz", X-API-Key: "\${KEY}", Accept: "text/plain-long" } }
  - logql: { url: "http://127.0.0.1:1", query: '{a="b"}', headers: { proxy-authorization: "Basic cHJveHk6cHc0NTY3", x-auth-token: "tok-4567" } }
`);
    expect(masker.text("authorization: Bearer literal-token-xyz\nx-api-key: v4r-api-key-1\naccept: text/plain-long")).toBe("authorization: Bearer ***\nx-api-key: ***\naccept: text/plain-long");
    expect(masker.text("Basic cHJveHk6cHc0NTY3 tok-4567")).toBe("Basic *** ***");
  });

  test("each value in a Cookie request header is masked in its cookie form, its name shown; one of 8 characters or more everywhere", async () => {
    const masker = await maskerOf("cookie.yaml", `name: c
vars: { SID: "s3ss10n-from-var" }
steps:
  - http: { url: "http://127.0.0.1:1/a", headers: { Cookie: 'sid=literal-session-77; theme=dark; csrf="quoted-csrf-99"' } }
  - http: { url: "http://127.0.0.1:1/b", headers: { cookie: "sid=\${SID}" } }
`);
    expect(masker.text("cookie: sid=literal-session-77; theme=dark; csrf=quoted-csrf-99")).toBe("cookie: sid=***; theme=***; csrf=***");
    expect(masker.text("cookie: sid=s3ss10n-from-var")).toBe("cookie: sid=***");
    // A short value is masked as that cookie only (the request detail, an echo, a service's log of it), not as a word.
    expect(masker.text("GET /?theme=dark dark true; mytheme=dark theme=darker")).toBe("GET /?theme=*** dark true; mytheme=dark theme=darker");
  });
});

describe("maskerFor: a credential place's value however it looks, where it sits", () => {
  test("a Cookie header that is one variable: the variable's whole value, besides each cookie's", async () => {
    const masker = await maskerOf("cookie-whole.yaml", `name: c
vars: { D: "session=abc123def456; csrftoken=zzz999yyy", E: "theme=dark" }
steps:
  - http: { url: "http://127.0.0.1:1/a", headers: { Cookie: "\${D}" } }
  - http: { url: "http://127.0.0.1:1/b", headers: { Cookie: "lang=en; \${E}" } }
`);
    expect(masker.text('D="session=abc123def456; csrftoken=zzz999yyy"')).toBe('D="***"');
    // A variable beside other cookies gives cookies, not the header: its cookies' values are masked, their names shown.
    expect(masker.text("cookie: lang=en; theme=dark")).toBe("cookie: lang=***; theme=***");
  });

  test("a URL's query parameter named as a credential, literal or from a variable, and one of query:: masked as a cookie is, however short or plain", async () => {
    const masker = await maskerOf("query.yaml", `name: q
vars: { F: "abcdefghijkl", G: "xy", U: "http://127.0.0.1:1/u?token=plainvartoken" }
steps:
  - http: { url: "http://127.0.0.1:1/a?access_token=\${F}&API_KEY=mnop&apikey=\${G}&key=shownvalue&page=2#x" }
  - http: { url: "\${U}" }
  - http: { url: "http://127.0.0.1:1/b", query: { password: [literalpasswd, "ab"], secret: 1234, tokens: shownvalue2 } }
  - shell: { run: "curl 'http://127.0.0.1:1/?token=inlongertext'" }
`);
    expect(masker.text("GET /a?access_token=abcdefghijkl&API_KEY=mnop&apikey=xy&key=shownvalue&page=2 abcdefghijkl mnop xy")).toBe("GET /a?access_token=***&API_KEY=***&apikey=***&key=shownvalue&page=2 *** *** xy");
    expect(masker.text("plainvartoken literalpasswd 1234 shownvalue2")).toBe("*** *** *** shownvalue2");
    expect(masker.text("GET /b?password=ab&password=ab&secret=1234")).toBe("GET /b?password=***&password=***&secret=***");
    // A URL in a longer text (a command line) is no field that is one URL: its query is output's to say.
    expect(masker.text("inlongertext")).toBe("inlongertext");
  });

  test("a URL's password of 1 to 3 characters: masked where it shows as that URL's password, and its basic credential everywhere", async () => {
    const masker = await maskerOf("short-pw.yaml", `name: p
vars: { P: "q" }
steps:
  - http: { url: "http://bob:xy@127.0.0.1:1/a" }
  - http: { url: "http://bob:a b@127.0.0.1:1/b" }
  - http: { url: "http://ann:\${P}@127.0.0.1:1/c" }
`);
    expect(masker.text("GET http://bob:xy@127.0.0.1:1/a http://bob:a b@127.0.0.1:1/b http://ann:q@127.0.0.1:1/c")).toBe("GET http://bob:***@127.0.0.1:1/a http://bob:***@127.0.0.1:1/b http://ann:***@127.0.0.1:1/c");
    // Elsewhere such a password is a word: masked everywhere it would shred output.
    expect(masker.text("xy a b q")).toBe("xy a b q");
    const basic = (pair: string) => Buffer.from(pair).toString("base64");
    expect(masker.text(`you are ${basic("bob:xy")}, ${basic("bob:a b")}, ${basic("bob:a b").replace(/=+$/, "")} and ${basic("ann:q")}`)).toBe("you are ***, ***, *** and ***");
  });
});

describe("writtenCredentials and attemptCredentials: what an attempt puts in a credential's place, whether or not the request goes out", () => {
  const values: Record<string, string> = { T: "tokLive12345678\nX-Injected: 1", P: "Pw12345678/x#y", S: "p@ss/W0rd987", K: "key-from-run-42" };
  const lookup = (name: string) => values[name];

  test("a header's value after its scheme, and a URL's password, as the input written fills them in: also where the value breaks what holds it", () => {
    const written = { url: "http://bob:${P}@127.0.0.1:1/echo", headers: { Authorization: "Bearer ${T}", "X-Api-Key": "${K}" } };
    // The password also as its basic credential, `bob:PASSWORD` in base64, as fetch sends it and a service may echo it.
    const basic = Buffer.from("bob:Pw12345678/x#y").toString("base64");
    expect(writtenCredentials(written, lookup)).toEqual(["tokLive12345678\nX-Injected: 1", "key-from-run-42", "Pw12345678/x#y", basic, "Pw12345678/x#y", basic]);
  });

  test("a value that moves the end of the password it stands in: the value, not what a parser reads as the password", () => {
    const basic = Buffer.from("bob:p@ss/W0rd987").toString("base64");
    const unpadded = basic.replace(/=+$/, "");
    expect(writtenCredentials({ url: "http://bob:${S}@127.0.0.1:1/echo" }, lookup)).toEqual(["p@ss/W0rd987", basic, unpadded, "p@ss/W0rd987", basic, unpadded]);
  });

  test("what the input writes outright is no new credential, and a reference that names no value stays none", () => {
    expect(writtenCredentials({ url: "http://127.0.0.1:1/a@b", headers: { Accept: "${T}" } }, lookup)).toEqual([]);
    expect(writtenCredentials({ url: "http://bob:${NONE}@127.0.0.1:1/" }, lookup)).toEqual([]);
  });

  test("a Cookie header that is references alone: the whole value too; a query parameter named as a credential: its value, also in its NAME=VALUE form", () => {
    const more: Record<string, string> = { D: "session=abc123def456; csrftoken=zzz999yyy", F: "ab\ncd" };
    const fill = (name: string) => more[name];
    expect(writtenCredentials({ url: "http://127.0.0.1:1/", headers: { Cookie: "${D}" } }, fill)).toEqual([
      { cookie: "session", value: "abc123def456" },
      "abc123def456",
      { cookie: "csrftoken", value: "zzz999yyy" },
      "zzz999yyy",
      "session=abc123def456; csrftoken=zzz999yyy",
    ]);
    expect(writtenCredentials({ url: "http://127.0.0.1:1/a?token=${F}&page=2", query: { api_key: "${F}", key: "${F}" } }, fill)).toEqual([
      { cookie: "api_key", value: "ab\ncd" },
      "ab\ncd",
      { cookie: "token", value: "ab\ncd" },
      "ab\ncd",
    ]);
  });

  test("a URL no parser reads, filled in whole from a value: its password as the refusal finds it, up to the last @ of its first word", () => {
    const basic = (pair: string) => Buffer.from(pair).toString("base64");
    expect(attemptCredentials({ url: "http://bob:Pw12345678/x#y@127.0.0.1:1/echo" })).toEqual(["Pw12345678/x#y", basic("bob:Pw12345678/x#y")]);
    expect(attemptCredentials({ url: "https://ann:Pw/x?y@z@127.0.0.1:1/echo more" })).toEqual(["Pw/x?y@z", basic("ann:Pw/x?y@z")]);
  });
});

describe("an env file that is a FIFO", () => {
  test.skipIf(process.platform === "win32")("is no file its values come from (as one that cannot be read), not a wait for a writer: env_file and the project's .env", async () => {
    const root = tempDir("scenario-secrets-fifo-");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(root, "stack"), { recursive: true });
    writeFileSync(join(root, "compose.yml"), "services: {}\n");
    writeFileSync(join(root, "stack", "compose.yml"), "services: {}\n");
    writeFileSync(join(root, "env.good"), "API_TOKEN=fifo-test-token-1\n");
    expect(Bun.spawnSync(["mkfifo", join(root, "env.fifo")]).exitCode).toBe(0);
    expect(Bun.spawnSync(["mkfifo", join(root, "stack", ".env")]).exitCode).toBe(0);
    const file = join(root, "s.yaml");
    writeFileSync(
      file,
      "name: t\nsecrets: [API_TOKEN]\nsteps:\n  - compose: { files: compose.yml, env_file: [env.fifo, env.good] }\n  - compose: { files: stack/compose.yml }\n",
    );
    // In a process of its own, bounded: a read of the FIFO that waits for a writer blocks that whole process, deaf to SIGTERM.
    // loadScenario's options hold a function, which JSON cannot carry: the child calls a small module that loads and asks secrets.ts.
    const probe = join(root, "mask.ts");
    writeFileSync(
      probe,
      `import { loadScenario } from ${JSON.stringify(join(import.meta.dir, "../loader/load.ts"))};\n` +
        `import { builtins } from ${JSON.stringify(join(import.meta.dir, "../vars/scope.ts"))};\n` +
        `import { composeEnvFileValues, maskerFor } from ${JSON.stringify(join(import.meta.dir, "secrets.ts"))};\n` +
        `export async function mask(file: string, cwd: string, text: string) {\n` +
        `  const { scenario, scope } = await loadScenario(file, { sources: { cli: {}, envFile: {}, env: {} }, builtins: (d) => builtins("r1", new Date(0), d) }, cwd);\n` +
        `  return { values: composeEnvFileValues(scenario, scope), masked: maskerFor(scenario, scope).text(text) };\n` +
        `}\n`,
    );
    const r = await callInChild(probe, "mask", [file, root, "token fifo-test-token-1"], 30_000);
    expect([r.code, r.value, r.stderr]).toEqual([0, { values: { API_TOKEN: ["fifo-test-token-1"] }, masked: "token ***" }, ""]);
  });
});

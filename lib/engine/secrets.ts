// The secrets of a scenario: which cannot be masked (empty, too short, never defined), said at load time and in every report's header.
import { dirname, resolve } from "node:path";
import type { Scenario } from "./spec.ts";
import type { VarScope } from "../vars/scope.ts";
import { cookieSecrets, Masker, unmaskableReason, type SecretValue } from "../vars/mask.ts";
import { isCredentialName } from "../util/credential-fields.ts";
import { captureNames } from "../vars/captures.ts";
import { interpolate, type Lookup } from "../vars/interpolate.ts";
import { stringsIn } from "../util/strings-in.ts";
import { isPlainObject } from "../expect/matcher.ts";
import { CREDENTIAL_HEADERS, ONLY_REFS, writtenUserinfo } from "../util/url-text.ts";
import { envFileEntries } from "../vars/env-file.ts";
import { emptyTable, ownValue } from "../util/own.ts";
import { readRegular } from "../util/regular-file.ts";
import { composeInterpolated } from "../vars/compose-interpolate.ts";
import { composeEnvFileList, composeFileList } from "../util/compose-files.ts";

/** The info key under which reports show a warning about one secret. */
export const secretWarningKey = (name: string) => `warning: secret ${name}`;

/** Names that some step's `capture:` defines. */
function capturedNames(scenario: Scenario): Set<string> {
  const names = new Set<string>();
  for (const spec of [...scenario.steps, ...scenario.teardown]) for (const k of captureNames(spec.input)) names.add(k);
  return names;
}

type EnvFileScenario = Partial<Pick<Scenario, "dir" | "steps" | "teardown">>;

/**
 * name → the values the `env_file` files of the scenario's compose steps give it, read now (a path still naming a
 * variable left to a capture is not). Compose hands them to the stack (`--env-file`), where a service may log them: a
 * secret's value there must be masked like one from any other source. A line compose's reading of the file refuses is
 * skipped (compose says what it makes of it), and a file that cannot be read, or is no regular file (a FIFO), gives nothing.
 */
export function composeEnvFileValues(scenario: EnvFileScenario, scope: VarScope): Record<string, string[]> {
  const out = emptyTable<string[]>();
  if (scenario.dir === undefined) return out;
  const paths = new Set<string>();
  // Compose's own variables, as the step's environment gives them (vars:, --var, the process environment): its files
  // (separated by COMPOSE_PATH_SEPARATOR, `:` by default) and env files (separated by commas), relative to the
  // directory the step runs in.
  const composeVar = (name: string) => {
    const value = scope.lookupKnown(name);
    return value === undefined || value.includes("${") ? undefined : value;
  };
  const composeFiles = composeFileList(composeVar("COMPOSE_FILE") ?? "", composeVar("COMPOSE_PATH_SEPARATOR"));
  const fromComposeFile = composeFiles.length > 0 ? resolve(scenario.dir, composeFiles[0]!) : undefined;
  const fromComposeEnvFiles = composeEnvFileList(composeVar("COMPOSE_ENV_FILES") ?? "").map((f) => resolve(scenario.dir!, f));
  for (const spec of [...(scenario.steps ?? []), ...(scenario.teardown ?? [])]) {
    if (spec.kind !== "compose" || !isPlainObject(spec.input)) continue;
    const named = spec.input.env_file;
    const known = (f: unknown) => (typeof f === "string" && !interpolate(f, scope.lookupKnown).includes("${") ? resolve(scenario.dir!, interpolate(f, scope.lookupKnown)) : undefined);
    for (const f of Array.isArray(named) ? named : [named]) {
      const path = known(f);
      if (path) paths.add(path);
    }
    // Without env_file, compose reads the project directory's `.env` (the first compose file's directory: of the step's
    // files, else of COMPOSE_FILE's; the scenario's, where the step runs, for the default file), and the files
    // COMPOSE_ENV_FILES names: their values reach the stack just the same.
    if (named === undefined) {
      const files = spec.input.files;
      const first = known(Array.isArray(files) ? files[0] : files) ?? (files === undefined ? fromComposeFile : undefined);
      paths.add(resolve(first ? dirname(first) : scenario.dir, ".env"));
      for (const path of fromComposeEnvFiles) paths.add(path);
    }
  }
  for (const path of paths) {
    let text: string;
    try {
      // A FIFO or another file that is no regular one (NotRegularFile) gives nothing, as one that cannot be read: an open
      // of a FIFO with no writer held the run before its first step, deaf to Ctrl-C and SIGTERM.
      text = readRegular(path);
    } catch {
      continue;
    }
    // Compose fills in `${NAME}` in an env file's values from the names before it in the file, then its environment:
    // `API_KEY=${BASE}s3cr3t` reaches the stack as the whole value, which is the one to mask (both are kept). A
    // single-quoted value is taken as written. The file is read whole, as compose reads it: a value quoted over several
    // lines (a PEM key) is one value, and `KEY: value` defines KEY (read line by line, both were skipped, the secret
    // warned of as defined by nothing and shown in the service's logs).
    const before = emptyTable<string>();
    const lookup = (n: string) => ownValue(before, n) ?? scope.lookup(n) ?? process.env[n];
    for (const { name, value, quote } of envFileEntries(text, path, { compose: true }).entries) {
      const filled = quote === "'" ? value : composeInterpolated(value, lookup);
      (out[name] ??= []).push(value);
      if (filled !== value) out[name].push(filled);
      before[name] = filled;
    }
  }
  return out;
}

/** One warning per secret that cannot be masked before the run: name → why. A secret left to a capture is checked when captured. */
export function secretWarnings(scenario: Scenario, scope: VarScope): Map<string, string> {
  const out = new Map<string, string>();
  let captured: Set<string> | undefined; // the steps' inputs are walked only for a secret no source defines
  let fromEnvFiles: Record<string, string[]> | undefined; // read only for a secret no variable defines
  for (const name of scenario.secrets) {
    const value = scope.lookup(name);
    if (value === undefined) {
      fromEnvFiles ??= composeEnvFileValues(scenario, scope);
      const values = fromEnvFiles[name];
      if (values) {
        const reason = values.map(unmaskableReason).find(Boolean);
        if (reason) out.set(name, `in a compose env_file: ${reason}`);
        continue;
      }
      captured ??= capturedNames(scenario);
      if (!captured.has(name)) out.set(name, "no source defines it and no step captures it, so nothing is masked: check the name");
      continue;
    }
    const reason = unmaskableReason(value);
    if (reason) out.set(name, reason);
  }
  return out;
}

/**
 * A URL's userinfo (`http://bob:PASSWORD@host/`): group 1, up to the last `@` before the path, as a URL parser reads
 * it (a password may hold `@`: `http://bob:PW@ss0rd1@host/` is bob's PW@ss0rd1).
 */
const USERINFO = /\b[a-z][a-z0-9+.-]*:\/\/([^\s/?#]*)@/gi;
/** A text that is one URL with a scheme, which the URL parser reads whole (a password with a space in it too). */
const WHOLE_URL = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The passwords written in URLs of the steps (`url: http://bob:pw@host`), with the variables known before the run
 * filled in: a URL's password is a secret whether or not it is declared (it was shown in the console, every report and
 * the run log unless it came from a `secrets:` variable). In a value that is one http(s) URL (a step's `url:`), a user
 * name with no password (`http://TOKEN@host`, `http://TOKEN:@host`) is the credential itself, a token sent as the basic
 * user (GitHub's form): a secret too. A user name beside a password stays shown, and so does one inside a longer text
 * (`psql postgres://app@db/x` in a script: masking `app` everywhere would shred the output).
 */
function urlCredentials(scenario: Partial<Pick<Scenario, "steps" | "teardown">>, scope: VarScope): SecretValue[] {
  const found: SecretValue[] = [];
  for (const spec of [...(scenario.steps ?? []), ...(scenario.teardown ?? [])]) found.push(...urlCredentialsIn(spec.input, (raw) => interpolate(raw, scope.lookup)));
  return found;
}

/**
 * urlCredentials of one step's input, each text as `resolve` fills it in. With `fill`, the input is the step's as
 * written, and a credential written with references (`http://bob:${PASS}@host`) is taken as `fill` fills it in: the
 * value the scenario puts there, whatever it makes of the URL around it (writtenCredentials). A password is masked as
 * it is and percent-decoded, where it shows as that URL's password however short (`http://bob:xy@host` shows as
 * `http://bob:***@host`, while `xy` elsewhere stays shown), and its basic credential (the base64 of `user:password`,
 * which fetch sends and a service may echo) everywhere. In a text that is one URL, so is the user name of an http(s) URL
 * without a password, and each value of its query named as a credential (queryCredentials).
 */
function urlCredentialsIn(input: unknown, resolve: (raw: string) => string, fill?: (credential: string) => string): SecretValue[] {
  const found: SecretValue[] = [];
  const filled = (written: string) => (fill && percentDecoded(written).includes("${") ? fill(percentDecoded(written)) : written);
  /** The credential written (as filled in) and percent-decoded, or undefined for a reference alone. */
  const taken = (written: string): string | undefined => {
    const credential = filled(written);
    const decoded = percentDecoded(credential);
    // A reference alone (`http://user:${V}@host`, V captured during the run) is no credential: its value is not in the
    // text, and masking `${V}` hid the variable's name in what the run said of it. The attempt that fills it in adds
    // the value (attemptCredentials).
    if (ONLY_REFS.test(decoded)) return undefined;
    found.push(credential);
    if (decoded !== credential) found.push(decoded);
    return decoded;
  };
  const add = (user: string, password: string | undefined) => {
    if (password === undefined) {
      const token = taken(user);
      if (token !== undefined) found.push(...basicForms(`${token}:`));
      return;
    }
    const secret = taken(password);
    if (secret === undefined) return;
    // However short, where it shows as this URL's password (a value masked everywhere must be 4 characters or more).
    if (unmaskableReason(secret) !== undefined) found.push({ urlPassword: secret });
    const name = percentDecoded(filled(user));
    if (!ONLY_REFS.test(name)) found.push(...basicForms(`${name}:${secret}`));
  };
  for (const raw of stringsIn(input)) {
    // A URL from a variable (`url: ${LOKI_URL}`) shows its credentials only once filled in.
    if (!raw.includes("@") && !raw.includes("${") && !raw.includes("?")) continue;
    const text = resolve(raw);
    if (text.includes("@")) {
      for (const m of text.matchAll(USERINFO)) {
        const colon = m[1]!.indexOf(":");
        if (colon >= 0 && colon < m[1]!.length - 1) add(m[1]!.slice(0, colon), m[1]!.slice(colon + 1));
      }
    }
    // A whole URL as the parser reads it: a password with a space (from a variable) stops the pattern above. One no
    // parser reads (a password holding `/` or `#`, refused before it is sent) as its refusal finds what to show as ***.
    const whole = text.trim();
    if (!WHOLE_URL.test(whole)) continue;
    found.push(...queryCredentials(whole, filled));
    if (!text.includes("@")) continue;
    const { protocol, username, password } = URL.canParse(whole) ? new URL(whole) : unparsedUserinfo(whole);
    if (password !== "") add(username, password);
    else if (username !== "" && (protocol === "http:" || protocol === "https:")) add(username, undefined);
  }
  return found;
}

/**
 * The basic credential of `pair` (`user:password`) as fetch sends it for a URL's user name and password, and as a
 * service may echo it: its base64, with and without padding, masked everywhere (4 characters or more, no common word).
 */
function basicForms(pair: string): string[] {
  const encoded = Buffer.from(pair).toString("base64");
  const unpadded = encoded.replace(/=+$/, "");
  return unpadded === encoded ? [encoded] : [encoded, unpadded];
}

/**
 * The credentials of a URL's query (`?access_token=…&page=2`, before its `#`): the value of each parameter whose name
 * says it holds one (isCredentialName: `access_token`, `api_key`, `apikey`, `token`, `password`, `secret`, …; not `key`
 * or `sig`), as `filled` gives the value written (namedCredential).
 */
function queryCredentials(url: string, filled: (written: string) => string): SecretValue[] {
  const found: SecretValue[] = [];
  // Past the authority (a reference's `${…}` holds none of `/?#`).
  let from = url.indexOf("//") + 2;
  while (from < url.length && !"/?#".includes(url[from]!)) from++;
  const mark = url.indexOf("?", from);
  const hash = url.indexOf("#", from);
  if (mark === -1 || (hash !== -1 && hash < mark)) return found;
  for (const pair of url.slice(mark + 1, hash === -1 ? undefined : hash).split("&")) {
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq);
    if (eq <= 0 || !isCredentialName(percentDecoded(name))) continue;
    const written = pair.slice(eq + 1);
    const value = filled(written);
    found.push(...namedCredential(name, value));
    if (value === written && percentDecoded(value) !== value) found.push(...namedCredential(name, percentDecoded(value)));
  }
  return found;
}

/**
 * What masks the value of a query parameter named as a credential: where it shows as `NAME=VALUE` (a URL's query, a
 * service's log of it) or `"NAME": "VALUE"` however short, as a cookie's value is, and everywhere as a credential
 * header's value is (4 characters or more; a form's `+` also read as the space a server takes it for). None for an
 * empty value or a reference alone.
 */
function namedCredential(name: string, value: string): SecretValue[] {
  if (value === "" || ONLY_REFS.test(value)) return [];
  const found: SecretValue[] = [{ cookie: name, value }, value];
  if (value.includes("+")) found.push(value.replaceAll("+", " "));
  return found;
}

/** A text percent-decoded; as it is when it is not percent-encoded text. */
function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The scheme, user name and password of a URL no parser reads, as its refusal finds what it shows as `***` (invalidUrl,
 * lib/util/url-text.ts): its userinfo to the last `@` of its first word, the password after the userinfo's first `:`.
 */
function unparsedUserinfo(url: string): { protocol: string; username: string; password: string } {
  const userinfo = writtenUserinfo(url) ?? "";
  const colon = userinfo.indexOf(":");
  return {
    protocol: url.slice(0, url.indexOf(":") + 1).toLowerCase(),
    username: colon === -1 ? userinfo : userinfo.slice(0, colon),
    password: colon === -1 ? "" : userinfo.slice(colon + 1),
  };
}

/**
 * The credentials written in the steps' `auth:` (logql, promql: `basic: {password}`, `bearer`) and in their credential
 * request headers (`Authorization: Bearer TOKEN`, `X-Api-Key`, each cookie's value in `Cookie`), with the variables known before the run filled in:
 * secrets whether or not they are declared, as a URL's password is (the request detail of the Markdown report and the
 * run log showed the header, and a server that echoed it showed the basic password, base64-encoded, everywhere).
 */
function authCredentials(scenario: Partial<Pick<Scenario, "steps" | "teardown">>, scope: VarScope): SecretValue[] {
  const found: SecretValue[] = [];
  // A value still naming a variable is captured during the run: the attempt that fills it in adds it (attemptCredentials).
  const known = (raw: string) => {
    const value = interpolate(raw, scope.lookup);
    return value.includes("${") ? undefined : value;
  };
  for (const spec of [...(scenario.steps ?? []), ...(scenario.teardown ?? [])]) found.push(...inputCredentials(spec.input, known));
  return found;
}

/** What an attempt's interpolated input holds of credentials: inputCredentials and the passwords of its URLs (urlCredentials). */
export function attemptCredentials(input: unknown): SecretValue[] {
  return [...inputCredentials(input), ...urlCredentialsIn(input, (raw) => raw)];
}

/**
 * The credentials a step's input as written puts where a credential goes (inputCredentials' places; a URL's password,
 * or an http(s) URL's user name without one), each filled in with `lookup`: the value a reference stands for there,
 * whatever it makes of what holds it (`http://bob:${PASS}@host` with a PASS of `p@ss/word`, which moves the password's
 * end, or of `Pw/x#y`, which no URL parser reads), and whether or not the step is refused for it. The engine adds them
 * before it fills in and checks an attempt's input: a step refused for what a value makes of it (a line break in
 * `Authorization: Bearer ${TOKEN}`) sends nothing and shows the value nowhere itself, but the step that captured it
 * showed it (its captured line, the response body), in every report and the run log.
 */
export function writtenCredentials(input: unknown, lookup: Lookup): SecretValue[] {
  const fill = (raw: string) => interpolate(raw, lookup);
  return [...inputCredentials(input, fill), ...urlCredentialsIn(input, (raw) => raw, fill)];
}

/**
 * The credentials one step's input holds: its `auth:` (`basic: {password}`, `bearer`), the value of a credential request
 * header after its scheme (`Authorization: Bearer TOKEN`, `X-Api-Key`), and each cookie's value in `Cookie` (in its cookie
 * form, and everywhere when long enough: cookieSecrets); each text as `resolve` gives it (undefined: none). The engine calls it on an
 * attempt's input too, as written and filled in (writtenCredentials, attemptCredentials), so that a token captured
 * during the run and put in a header is masked from then on, whether or not the request goes out.
 */
export function inputCredentials(input: unknown, resolve: (raw: string) => string | undefined = (raw) => raw): SecretValue[] {
  const found: SecretValue[] = [];
  if (!isPlainObject(input)) return found;
  const add = (raw: unknown, afterScheme = false) => {
    // A number is sent as its text (`X-Api-Key: 987654321012`).
    if (typeof raw === "number" || typeof raw === "bigint") raw = String(raw);
    if (typeof raw !== "string") return;
    let value = resolve(raw)?.trim();
    if (value === undefined) return;
    // "Bearer TOKEN", "Basic BASE64": the credential is what follows the scheme.
    if (afterScheme && /^[A-Za-z][\w.+-]* +\S/.test(value)) value = value.slice(value.indexOf(" ")).trim();
    found.push(value);
  };
  const { auth, headers, query } = input;
  if (isPlainObject(auth)) {
    add(isPlainObject(auth.basic) ? auth.basic.password : undefined);
    add(auth.bearer);
  }
  // An http step's `query:` parameter named as a credential (`access_token`, `api_key`, `password`), as in the URL's query.
  if (isPlainObject(query)) {
    for (const [name, value] of Object.entries(query)) {
      if (!isCredentialName(name)) continue;
      for (const item of Array.isArray(value) ? value : [value]) {
        const text = typeof item === "number" || typeof item === "bigint" ? String(item) : item;
        const resolved = typeof text === "string" ? resolve(text) : undefined;
        if (resolved !== undefined) found.push(...namedCredential(name, resolved));
      }
    }
  }
  if (!isPlainObject(headers)) return found;
  for (const [name, value] of Object.entries(headers)) {
    if (CREDENTIAL_HEADERS.has(name.toLowerCase())) add(value, true);
    // A Cookie header (`sid=SESSION; theme=dark`): each cookie's value, in its cookie form (`sid=***`, its name stays
    // shown), and one of COOKIE_CREDENTIAL characters or more everywhere, a session's credential; a shorter one (`ab12`,
    // `dark`) masked everywhere would shred output.
    else if (name.toLowerCase() === "cookie" && typeof value === "string") {
      const resolved = resolve(value);
      if (resolved === undefined) continue;
      found.push(...cookieSecrets(resolved.split(";")));
      // A header that is references alone (`Cookie: ${D}`): the scenario puts the variable's whole value in a
      // credential's place, masked whole as a credential header's value is (`D="***"` where it shows).
      if (ONLY_REFS.test(value.trim()) && resolved !== value && resolved.trim() !== "") found.push(resolved.trim());
    }
  }
  return found;
}

/**
 * A masker holding the values of the scenario's secrets known before the run (captured ones are added as they come, and
 * those the compose steps' env_file files give them), the passwords written in its steps' URLs and the credentials in their `auth:`.
 */
export function maskerFor(scenario: Pick<Scenario, "secrets"> & EnvFileScenario, scope: VarScope, also: Iterable<SecretValue | undefined> = []): Masker {
  const masker = new Masker();
  for (const value of secretValues(scenario, scope)) masker.add(value);
  for (const value of also) masker.add(value);
  return masker;
}

/** The values maskerFor masks before the run (undefined where a secret has no value). */
export function secretValues(scenario: Pick<Scenario, "secrets"> & EnvFileScenario, scope: VarScope): (SecretValue | undefined)[] {
  const values: (SecretValue | undefined)[] = scenario.secrets.map((name) => scope.lookup(name));
  // Also where a variable defines the name: the env_file's value is the one compose gives a service that reads it there.
  const fromEnvFiles = scenario.secrets.length > 0 ? composeEnvFileValues(scenario, scope) : undefined;
  for (const name of scenario.secrets) values.push(...((fromEnvFiles && fromEnvFiles[name]) ?? []));
  values.push(...urlCredentials(scenario, scope), ...authCredentials(scenario, scope));
  // The password in DOCKER_HOST (`tcp://admin:PASSWORD@host:2375`, a proxy's basic credentials), from --var, vars: or the
  // environment: the command line, the run log and every compose command's environment hold it.
  const dockerHost = scope.lookupKnown("DOCKER_HOST");
  if (dockerHost) values.push(...urlCredentialsIn(dockerHost, (raw) => raw));
  return values;
}

// Tests of command-line parsing: commands, files, each flag's forms and values, and the usage errors.
import { describe, expect, test } from "bun:test";
import { BOOL_FLAGS, parseArgs, USAGE, UsageError, VALUE_FLAGS } from "./args.ts";

const usageError = (argv: string[]) => {
  try {
    parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
  throw new Error(`no usage error for ${JSON.stringify(argv)}`);
};

/** The hint line said after a usage error's message. */
const hintOf = (argv: string[]) => {
  try {
    parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) return e.hint;
    throw e;
  }
  throw new Error(`no usage error for ${JSON.stringify(argv)}`);
};

describe("commands and files", () => {
  test("a file alone is a run with the default reports", () => {
    const a = parseArgs(["demo.yaml"]);
    expect(a).toMatchObject({ command: "run", files: ["demo.yaml"], reports: ["md", "log"], reportDir: "reports", jobs: 1, bail: false });
  });

  test("--var __proto__=… and --var constructor=… are variables like any other", () => {
    const a = parseArgs(["--var", "__proto__=x", "--var", "constructor=y", "demo.yaml"]);
    expect(Object.entries(a.vars).sort()).toEqual([["__proto__", "x"], ["constructor", "y"]]);
  });

  test("a command word counts only before the first file", () => {
    expect(parseArgs(["validate", "a.yaml", "list"])).toMatchObject({ command: "validate", files: ["a.yaml", "list"] });
  });

  test("after -- everything is a file, even what looks like a flag", () => {
    expect(parseArgs(["run", "--", "--bail", "x.yaml"])).toMatchObject({ command: "run", files: ["--bail", "x.yaml"], bail: false });
  });

  test("--help and -h make the command help whatever else is given; schema needs no file", () => {
    expect(parseArgs(["run", "a.yaml", "-h"]).command).toBe("help");
    expect(parseArgs(["schema"]).command).toBe("schema");
    expect(parseArgs(["--version"]).version).toBe(true);
  });

  test("init takes at most one folder; --from and --force belong to it", () => {
    expect(parseArgs(["init", ".", "--from", "compose.yml", "--force"])).toMatchObject({ command: "init", files: ["."], from: "compose.yml", force: true });
    expect(usageError(["init", "a", "b"])).toContain("init takes at most one folder");
    expect(usageError(["run", "a.yaml", "--force"])).toBe("--force goes with init");
  });

  test("a run without a file and a list of two files are errors", () => {
    expect(usageError([])).toBe("which scenario? e.g. scenario run demo.yaml");
    expect(usageError(["validate"])).toBe("validate needs a scenario file. e.g. scenario validate demo.yaml");
    expect(usageError(["list"])).toBe("list needs a scenario file. e.g. scenario list demo.yaml");
    expect(usageError(["list", "a.yaml", "b.yaml"])).toBe("list takes one scenario file");
  });
});

describe("flags", () => {
  test("value flags take the next argument or an inline =value, repeatable ones collect", () => {
    const a = parseArgs(["a.yaml", "--tag", "smoke", "--tag=us-1", "--skip-tag", "slow", "--step", "Health", "--env-file=.env", "--report-dir", "out"]);
    expect(a).toMatchObject({ tags: ["smoke", "us-1"], skipTags: ["slow"], steps: ["Health"], envFiles: [".env"], reportDir: "out" });
  });

  test("--var splits at the first = and keeps the rest of the value as is", () => {
    expect(parseArgs(["a.yaml", "--var", "URL=http://x/?a=b", "--var=EMPTY="]).vars).toEqual({ URL: "http://x/?a=b", EMPTY: "" });
    // No value is quoted: it may be a secret, and the error comes before any is known to mask.
    expect(usageError(["a.yaml", "--var", "1X=Secr3t-1"])).toBe('--var "1X"=…: "1X" is no variable name: use letters, digits and _, not starting with a digit');
    expect(usageError(["a.yaml", "--var", "API-KEY=x"])).toBe('--var "API-KEY"=…: "API-KEY" is no variable name: use letters, digits and _, not starting with a digit');
    expect(usageError(["a.yaml", "--var", "=Secr3t-2"])).toBe("--var takes KEY=VALUE: the argument has no name before its =");
    expect(usageError(["a.yaml", "--var", "Secr3t-3"])).toBe("--var takes KEY=VALUE: the argument has no =");
  });

  test("boolean flags and their short forms; a boolean flag with a value is an error", () => {
    expect(parseArgs(["a.yaml", "--bail", "--dry-run", "--keep-stack", "-q", "--no-color"])).toMatchObject({
      bail: true, dryRun: true, keepStack: true, quiet: true, verbose: false, color: false,
    });
    expect(parseArgs(["a.yaml", "-v"]).verbose).toBe(true);
    // Both: the output was --verbose's, the --quiet given ignored without a word.
    expect(usageError(["a.yaml", "-q", "-v"])).toBe("--quiet and --verbose ask for opposite output: give one");
    expect(parseArgs(["a.yaml", "--color"]).color).toBe(true);
    expect(usageError(["a.yaml", "--bail=yes"])).toBe("--bail takes no value");
  });

  test("--report adds formats to the defaults once each; an unknown one is named with a suggestion", () => {
    expect(parseArgs(["a.yaml", "--report", "junit, json", "--report", "md,junit"]).reports).toEqual(["md", "log", "junit", "json"]);
    expect(usageError(["a.yaml", "--report", "junt"])).toBe('unknown report format "junt" (did you mean "junit"?): use junit,json,html (md and log are always written: naming them changes nothing)');
    expect(usageError(["a.yaml", "--report", "junit,,json"])).toBe('--report "junit,,json" has an empty item: use junit,json,html, comma-separated');
    expect(usageError(["a.yaml", "--report", "json,"])).toBe('--report "json," has an empty item: use junit,json,html, comma-separated');
    expect(usageError(["a.yaml", "--report", "pdf"])).toBe('unknown report format "pdf": use junit,json,html (md and log are always written: naming them changes nothing)');
    // md and log are accepted (scripts name them) and change nothing: both are written anyway.
    expect(parseArgs(["a.yaml", "--report", "md,log"]).reports).toEqual(parseArgs(["a.yaml"]).reports);
  });

  test("--jobs takes 1 to 999; --shard takes I/N with I <= N", () => {
    expect(parseArgs(["a.yaml", "--jobs", "4"]).jobs).toBe(4);
    expect(usageError(["a.yaml", "--jobs", "0"])).toBe('--jobs takes a whole number from 1 to 999, got "0"');
    expect(usageError(["a.yaml", "--jobs=1000"])).toBe('--jobs takes a whole number from 1 to 999, got "1000"');
    expect(parseArgs(["a.yaml", "--shard", "2/4"]).shard).toEqual({ index: 2, count: 4 });
    expect(usageError(["a.yaml", "--shard", "5/4"])).toBe('--shard takes I/N with 1 <= I <= N (e.g. --shard 2/4), got "5/4"');
  });

  test("an option of one value given twice is an error (the second replaced the first); list options add up", () => {
    expect(usageError(["a.yaml", "--shard", "1/2", "--shard=2/2"])).toBe('--shard is given twice ("1/2", then "2/2"): give it once');
    expect(usageError(["a.yaml", "--update-doc", "A.md", "--update-doc", "B.md"])).toBe('--update-doc is given twice ("A.md", then "B.md"): give it once');
    for (const flag of ["--report-dir", "--jobs", "--from"]) expect(usageError(["a.yaml", flag, "1", flag, "1"])).toBe(`${flag} is given twice ("1", then "1"): give it once`);
    const a = parseArgs(["a.yaml", "--tag", "x", "--tag", "y", "--report", "json", "--report", "junit", "--var", "K=1", "--var", "J=2", "--var=K=1"]);
    expect([a.tags, a.reports.includes("json") && a.reports.includes("junit"), a.vars]).toEqual([["x", "y"], true, { K: "1", J: "2" }]);
  });

  test("a --var naming a variable given before with another value is an error: the second replaced the first, as bash's expansion of {a,b} under npx does", () => {
    const braces = ' (a value written with {a,b} or {1..3}, started through npx? bash expanded it: see "Braces under npx" in docs/command-line.md)';
    // Neither value is quoted: a --var value may be a secret, and the error comes before any is known to mask.
    expect(usageError(["a.yaml", "--var", "K=Secr3t-1", "--var", "K=Secr3t-2"])).toBe(`--var K is given twice, with two values: give it once${braces}`);
    // What bash makes of `--var=P=\d{2,4}`.
    expect(usageError(["a.yaml", "--var=P=\\d2", "--var=P=\\d4"])).toBe(`--var P is given twice, with two values: give it once${braces}`);
    expect(usageError(["a.yaml", "--var", "K=", "--var", "K=x"])).toBe(`--var K is given twice, with two values: give it once${braces}`);
  });

  test("schema takes no file (an extra argument was ignored)", () => {
    expect(usageError(["schema", "extra"])).toBe('schema takes no file (it prints the JSON Schema of every scenario file), got "extra"');
    expect(parseArgs(["schema"]).command).toBe("schema");
  });

  test("an unknown option is an error with a suggestion; a value flag at the end needs its value", () => {
    expect(usageError(["a.yaml", "--dryrun"])).toBe("unknown option --dryrun");
    expect(hintOf(["a.yaml", "--dryrun"])).toBe("did you mean --dry-run?");
    expect(hintOf(["a.yaml", "--reprot-dir=out"])).toBe("did you mean --report-dir?");
    expect(hintOf(["a.yaml", "--zzzzzz"])).toBe('run "scenario --help" for the options');
    expect(usageError(["a.yaml", "--tag"])).toBe("--tag needs a value");
  });

  test("a lone - is a file name, not a flag", () => {
    expect(parseArgs(["-"]).files).toEqual(["-"]);
  });
});

test("the usage names every flag the parser accepts", () => {
  const named = new Set(USAGE.match(/--[a-z-]+/g));
  expect([...VALUE_FLAGS, ...BOOL_FLAGS].filter((flag) => !named.has(flag))).toEqual([]);
});

describe("empty values and contradictions", () => {
  test("every flag that takes a value refuses an empty one, naming the flag (both forms)", () => {
    for (const flag of VALUE_FLAGS) {
      const init = flag === "--from" ? ["init"] : ["demo.yaml"];
      expect(usageError([...init, flag, ""])).toStartWith(`${flag} needs a value, got ""`);
      expect(usageError([...init, `${flag}=`])).toStartWith(`${flag} needs a value, got ""`);
    }
    // Names no format: it wrote only the default reports, as if --report had not been given.
    expect(usageError(["demo.yaml", "--report", " , "])).toBe(`--report needs a value, got " , ": use junit,json,html`);
    // An empty value of a --var is a value.
    expect(parseArgs(["demo.yaml", "--var", "K="]).vars.K).toBe("");
  });

  test("an empty file argument is refused: it was taken for the working directory, and every scenario in it ran", () => {
    expect(usageError(["run", "a.yaml", ""])).toBe(`a scenario file argument is empty ("") (after "a.yaml"): name a file or a folder`);
    expect(usageError([""])).toBe(`a scenario file argument is empty (""): name a file or a folder`);
    expect(usageError(["run", "--", ""])).toBe(`a scenario file argument after -- is empty (""): name a file or a folder`);
  });
});

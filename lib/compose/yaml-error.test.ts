// Tests of naming the compose file behind compose's YAML error, which names none: the step's files and those they pull in.
import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { yamlErrorFiles } from "./yaml-error.ts";
import { tempDir } from "../../test/helpers/cli.ts";
import { callInChild } from "../../test/helpers/bounded-spawn.ts";

/** compose's own text for a YAML error (docker compose 2.26), which names no file. */
const YAML_ERROR = "yaml: line 3: did not find expected ',' or ']'";
const BROKEN = "services:\n  b:\n    command: [a, b\n";
const VALID = "services:\n  b:\n    image: busybox\n";

function project(files: Record<string, string>): string {
  const dir = tempDir("scenario-yaml-error-");
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe("yamlErrorFiles", () => {
  test("a step's own file that does not parse is named, not its valid base", () => {
    const dir = project({ "base.yml": VALID, "overlay.yml": BROKEN });
    expect(yamlErrorFiles(YAML_ERROR, [join(dir, "base.yml"), join(dir, "overlay.yml")], dir)).toBe(", in overlay.yml (not valid YAML)");
  });

  test("a file pulled in by include: is named, with the file that includes it", () => {
    const dir = project({ "compose.yml": "include:\n  - sub/db.yml\nservices:\n  a:\n    image: busybox\n", "sub/db.yml": BROKEN });
    expect(yamlErrorFiles(YAML_ERROR, [join(dir, "compose.yml")], dir)).toBe(", in sub/db.yml (not valid YAML, an include: of compose.yml)");
  });

  test("include:'s long form (path: a list), and an include inside an include, relative to the file that names it", () => {
    const dir = project({
      "compose.yml": "include:\n  - path: [sub/mid.yml]\n    project_directory: /tmp\n",
      "sub/mid.yml": "include:\n  - deeper/x.yml\n",
      "sub/deeper/x.yml": BROKEN,
    });
    expect(yamlErrorFiles(YAML_ERROR, [join(dir, "compose.yml")], dir)).toBe(", in sub/deeper/x.yml (not valid YAML, an include: of sub/mid.yml)");
  });

  test("a file named by a service's extends: file is named", () => {
    const dir = project({ "compose.yml": "services:\n  a:\n    extends: { file: common/base.yml, service: b }\n", "common/base.yml": BROKEN });
    expect(yamlErrorFiles(YAML_ERROR, [join(dir, "compose.yml")], dir)).toBe(", in common/base.yml (not valid YAML, an extends: file of compose.yml)");
  });

  test("with no files given, compose's default file (and its override) in the directory or above it is looked at", () => {
    const dir = project({ "compose.yaml": "include:\n  - inc.yml\n", "inc.yml": BROKEN, "compose.override.yaml": BROKEN, "scenarios/.keep": "" });
    expect(yamlErrorFiles(YAML_ERROR, [], join(dir, "scenarios"))).toBe(
      `, in ${join(dir, "compose.override.yaml")} (not valid YAML) and ${join(dir, "inc.yml")} (not valid YAML, an include: of ${join(dir, "compose.yaml")})`,
    );
  });

  test("with no files given, compose's order picks the file: docker-compose.yml before docker-compose.yaml, compose.override.yml before compose.override.yaml", () => {
    // compose-go's DefaultFileNames and DefaultOverrideFileNames: the first of each that exists is the one compose reads.
    const main = project({ "docker-compose.yml": BROKEN, "docker-compose.yaml": VALID });
    expect(yamlErrorFiles(YAML_ERROR, [], main)).toBe(", in docker-compose.yml (not valid YAML)");
    const override = project({ "compose.yaml": VALID, "compose.override.yml": BROKEN, "compose.override.yaml": VALID });
    expect(yamlErrorFiles(YAML_ERROR, [], override)).toBe(", in compose.override.yml (not valid YAML)");
  });

  test("files that include each other are read once; a path with ${…} or a remote one is not followed; no YAML error, nothing", () => {
    const dir = project({ "a.yml": "include:\n  - b.yml\n  - ${DIR}/c.yml\n  - oci://example/x\n", "b.yml": "include:\n  - a.yml\n", "c.yml": BROKEN });
    expect(yamlErrorFiles(YAML_ERROR, [join(dir, "a.yml")], dir)).toBe("");
    const broken = project({ "compose.yml": "include:\n  - inc.yml\n", "inc.yml": BROKEN });
    expect(yamlErrorFiles("service \"a\" refers to undefined network x", [join(broken, "compose.yml")], broken)).toBe("");
  });
});

describe("a compose file that is a FIFO", () => {
  test.skipIf(process.platform === "win32")("is no file it can read (as one that cannot be read), not a wait for a writer: the broken one beside it is named", async () => {
    const dir = project({ "overlay.yml": BROKEN });
    const fifo = join(dir, "base.yml");
    expect(Bun.spawnSync(["mkfifo", fifo]).exitCode).toBe(0);
    // In a process of its own, bounded: a read of the FIFO that waits for a writer blocks that whole process, deaf to SIGTERM.
    const r = await callInChild(join(import.meta.dir, "yaml-error.ts"), "yamlErrorFiles", [YAML_ERROR, [fifo, join(dir, "overlay.yml")], dir], 30_000);
    expect([r.code, r.value, r.stderr]).toEqual([0, ", in overlay.yml (not valid YAML)", ""]);
  });
});

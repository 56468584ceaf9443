// The services compose files define, read from the files themselves.
import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { servicesOfFiles } from "./services-of.ts";
import { tempDir } from "../../test/helpers/cli.ts";
import { callInChild } from "../../test/helpers/bounded-spawn.ts";

describe("servicesOfFiles", () => {
  test("every profile's services of every file; undefined when a file cannot be read", () => {
    const dir = tempDir("scenario-services-of-");
    writeFileSync(join(dir, "a.yml"), "services:\n  web: { image: x }\n  dbg: { image: x, profiles: [debug] }\n");
    writeFileSync(join(dir, "b.yml"), "services:\n  db: { image: x }\n");
    expect(servicesOfFiles([join(dir, "a.yml"), join(dir, "b.yml")])).toEqual(["db", "dbg", "web"]);
    expect(servicesOfFiles([join(dir, "a.yml"), join(dir, "gone.yml")])).toBeUndefined();
  });

  test("include: is followed, as compose reads it: short and long syntax, path lists, nested includes relative to the included file's folder", () => {
    const dir = tempDir("scenario-services-of-");
    for (const sub of ["db", "db/extra", "mq", "abs"]) mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(join(dir, "inc.yml"), `include:\n  - db/compose.yml\n  - path: [mq/compose.yml, mq/override.yml]\n  - path: ${join(dir, "abs", "c.yml")}\nservices:\n  web: { image: x }\n`);
    // Relative to db/, the folder of the file naming it: compose reads it so.
    writeFileSync(join(dir, "db", "compose.yml"), "include: [extra/more.yml]\nservices:\n  db: { image: x }\n");
    writeFileSync(join(dir, "db", "extra", "more.yml"), "services:\n  cache: { image: x, profiles: [slow] }\n");
    writeFileSync(join(dir, "mq", "compose.yml"), "services:\n  mq: { image: x }\n");
    // An override in a path list may add a service of its own.
    writeFileSync(join(dir, "mq", "override.yml"), "services:\n  mq: { environment: { A: b } }\n  mqadmin: { image: x }\n");
    writeFileSync(join(dir, "abs", "c.yml"), "services:\n  absolute: { image: x }\n");
    expect(servicesOfFiles([join(dir, "inc.yml")])).toEqual(["absolute", "cache", "db", "mq", "mqadmin", "web"]);
    // Two step files in one folder: that folder is the project directory of every compose command made of them.
    writeFileSync(join(dir, "plain.yml"), "services:\n  plain: { image: x }\n");
    expect(servicesOfFiles([join(dir, "plain.yml"), join(dir, "inc.yml")])).toEqual(["absolute", "cache", "db", "mq", "mqadmin", "plain", "web"]);
    // An empty include: pulls in nothing.
    writeFileSync(join(dir, "empty.yml"), "include: []\nservices:\n  e: { image: x }\n");
    expect(servicesOfFiles([join(dir, "empty.yml")])).toEqual(["e"]);
  });

  test("undefined when an include: cannot be followed for sure", () => {
    const dir = tempDir("scenario-services-of-");
    mkdirSync(join(dir, "other"), { recursive: true });
    mkdirSync(join(dir, "pd"), { recursive: true });
    writeFileSync(join(dir, "sub.yml"), "services:\n  sub: { image: x }\n");
    const cases: Record<string, string> = {
      // compose fills in ${…} from an environment the files alone do not give.
      "interpolated.yml": "include: [\"${DIR:-.}/sub.yml\"]\n",
      "remote-oci.yml": "include: [oci://registry.example/stack:1]\n",
      "remote-git.yml": "include: [\"https://github.com/example/stack.git#main\"]\n",
      "remote-ssh.yml": "include: [\"git@github.com:example/stack.git\"]\n",
      "home.yml": "include: [\"~/sub.yml\"]\n",
      "missing.yml": "include: [gone.yml]\n",
      "not-a-list.yml": "include: sub.yml\n",
      "no-path.yml": "include:\n  - env_file: .env\n",
      "odd-entry.yml": "include:\n  - 3\n",
      "cycle-a.yml": "include: [cycle-b.yml]\nservices:\n  a: { image: x }\n",
      "cycle-b.yml": "include: [cycle-a.yml]\n",
      "bad-included.yml": "include: [bad.yml]\n",
      "bad.yml": "services: [not, a, mapping]\n",
      // Its own include: paths are then relative to that project_directory (as compose versions read it differently).
      "project-dir.yml": "include:\n  - path: pd/with-include.yml\n    project_directory: other\n",
    };
    writeFileSync(join(dir, "pd", "with-include.yml"), "include: [x.yml]\nservices:\n  pd: { image: x }\n");
    writeFileSync(join(dir, "pd", "x.yml"), "services:\n  x: { image: x }\n");
    for (const [name, text] of Object.entries(cases)) writeFileSync(join(dir, name), text);
    for (const name of Object.keys(cases).filter((n) => !["cycle-b.yml", "bad.yml"].includes(n))) {
      expect([name, servicesOfFiles([join(dir, name)])]).toEqual([name, undefined]);
    }
    // project_directory on an entry whose file pulls in nothing more: its services are known.
    writeFileSync(join(dir, "pd-plain.yml"), "include:\n  - path: pd/x.yml\n    project_directory: other\n");
    expect(servicesOfFiles([join(dir, "pd-plain.yml")])).toEqual(["x"]);
    // A step file in another folder than the first: compose resolves its include: paths against the project directory
    // (the first file's folder), not its own, and which file comes first differs between the compose commands of a run.
    writeFileSync(join(dir, "other", "inc.yml"), "include: [sub.yml]\n");
    writeFileSync(join(dir, "other", "sub.yml"), "services:\n  othersub: { image: x }\n");
    expect(servicesOfFiles([join(dir, "sub.yml"), join(dir, "other", "inc.yml")])).toBeUndefined();
    expect(servicesOfFiles([join(dir, "other", "inc.yml")])).toEqual(["othersub"]);
  });

  test.skipIf(process.platform === "win32")("a FIFO among the files is no file it can read (undefined), not a wait for a writer", async () => {
    const dir = tempDir("scenario-services-of-");
    writeFileSync(join(dir, "a.yml"), "services:\n  web: { image: x }\n");
    const fifo = join(dir, "p.yml");
    expect(Bun.spawnSync(["mkfifo", fifo]).exitCode).toBe(0);
    // In a process of its own, bounded: a read of the FIFO that waits for a writer blocks that whole process, deaf to SIGTERM.
    const r = await callInChild(join(import.meta.dir, "services-of.ts"), "servicesOfFiles", [[join(dir, "a.yml"), fifo]], 30_000);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.value).toBeUndefined();
  });
});

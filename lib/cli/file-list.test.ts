// Tests of the file list: folder expansion and --shard dealing.
import { describe, expect, test } from "bun:test";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { InvalidInput } from "../core/invalid-input.ts";
import { composeFileKeys, expandScenarioArgs, scenarioFileList, shardFiles } from "./file-list.ts";
import { tempDir } from "../../test/helpers/cli.ts";

function folder(names: string[]): string {
  const dir = tempDir("file-list-");
  mkdirSync(join(dir, "sc", "nested"), { recursive: true });
  for (const n of names) writeFileSync(join(dir, "sc", n), "name: x\nsteps: []\n");
  writeFileSync(join(dir, "sc", "nested", "deep.yaml"), "name: deep\n");
  return dir;
}

describe("expandScenarioArgs", () => {
  test("a folder becomes its *.yaml and *.yml files sorted by name, without subfolders or other files", () => {
    const dir = folder(["b.yaml", "a.yml", "notes.txt", "c.yaml"]);
    expect(expandScenarioArgs(["sc"], dir)).toEqual(["sc/a.yml", "sc/b.yaml", "sc/c.yaml"]);
  });

  test("a file named twice (directly and through its folder) runs once, in its first place", () => {
    const dir = folder(["a.yaml", "b.yaml"]);
    expect(expandScenarioArgs(["sc/b.yaml", "sc", "./sc/a.yaml"], dir)).toEqual(["sc/b.yaml", "sc/a.yaml"]);
  });

  test("a link to a file already listed is the same file: a folder holding b.yaml -> a.yaml runs a.yaml once", () => {
    const dir = folder(["a.yaml"]);
    symlinkSync("a.yaml", join(dir, "sc", "b.yaml"));
    symlinkSync(join(dir, "sc", "a.yaml"), join(dir, "elsewhere.yaml"));
    expect(expandScenarioArgs(["sc", "elsewhere.yaml"], dir)).toEqual(["sc/a.yaml"]);
  });

  test("a folder without scenario files does not hide the scenario its name finds (demo/ beside scenarios/demo.yaml)", () => {
    const dir = folder(["notes.txt"]);
    mkdirSync(join(dir, "scenarios"));
    writeFileSync(join(dir, "scenarios", "sc.yaml"), "name: x\nsteps: []\n");
    expect(expandScenarioArgs(["sc"], dir)).toEqual(["sc"]);
  });

  test("a folder without scenario files is an error naming it", () => {
    const dir = folder(["notes.txt"]);
    expect(() => expandScenarioArgs(["sc"], dir)).toThrow(InvalidInput);
    expect(() => expandScenarioArgs(["sc"], dir)).toThrow(/sc.*no \*\.yaml or \*\.yml/s);
  });
});

describe("a folder leaves out what a shell glob would, and compose files", () => {
  const COMPOSE = "services:\n  web:\n    image: nginx\n";

  test("a hidden *.yaml is left out of a folder, as `sc/*.yaml` leaves it out; named on the command line it is run", () => {
    const dir = folder(["a.yaml", ".hidden.yaml", ".b.yml"]);
    expect(expandScenarioArgs(["sc"], dir)).toEqual(["sc/a.yaml"]);
    expect(expandScenarioArgs(["sc", "sc/.hidden.yaml"], dir)).toEqual(["sc/a.yaml", "sc/.hidden.yaml"]);
  });

  test("Emacs's lock file (.#a.yaml, a link to nowhere) is left out, not refused", () => {
    const dir = folder(["a.yaml"]);
    symlinkSync("me@host.123:1700000000", join(dir, "sc", ".#a.yaml"));
    expect(scenarioFileList(["sc"], dir)).toEqual({ files: ["sc/a.yaml"], fromFolder: true, leftOut: [] });
  });

  test("a compose file is left out of a folder and said to be; named on the command line it is kept (the loader says what is wrong)", () => {
    const dir = folder(["stack.yaml"]);
    writeFileSync(join(dir, "sc", "compose.yaml"), COMPOSE);
    writeFileSync(join(dir, "sc", "docker-compose.yml"), "version: '3'\nname: app\nservices: {}\nvolumes:\n  data: {}\nx-common: &c\n  a: 1\n");
    expect(scenarioFileList(["sc"], dir)).toEqual({
      files: ["sc/stack.yaml"], fromFolder: true,
      leftOut: [
        { file: "sc/compose.yaml", why: "a compose file (services, no steps)" },
        { file: "sc/docker-compose.yml", why: "a compose file (version, services, volumes, no steps)" },
      ],
    });
    // Named too: run as named, and not said to be left out.
    expect(scenarioFileList(["sc", "sc/compose.yaml"], dir)).toEqual({
      files: ["sc/stack.yaml", "sc/compose.yaml"], fromFolder: true,
      leftOut: [{ file: "sc/docker-compose.yml", why: "a compose file (version, services, volumes, no steps)" }],
    });
    expect(expandScenarioArgs(["sc/compose.yaml"], dir)).toEqual(["sc/compose.yaml"]);
  });

  test("a broken scenario is kept, for the loader to report: a typo'd steps key, a name alone, a compose key beside a scenario key", () => {
    const dir = folder([]);
    const broken = {
      "typo.yaml": "name: x\nstep:\n  - shell: { run: \"true\" }\n",
      "name-only.yaml": "name: x\n",
      "secrets.yaml": "name: x\nsecrets: [A]\nx-notes: 1\n",
      "teardown.yaml": "services: {}\nteardown: []\n",
      "both.yaml": COMPOSE + "steps: []\n",
      "empty.yaml": "",
    };
    for (const [n, text] of Object.entries(broken)) writeFileSync(join(dir, "sc", n), text);
    expect(scenarioFileList(["sc"], dir)).toEqual({ files: Object.keys(broken).map((n) => `sc/${n}`).sort(), fromFolder: true, leftOut: [] });
  });

  test("a folder left with no scenario is an error saying what it left out", () => {
    const dir = folder([".a.yaml"]);
    writeFileSync(join(dir, "sc", "compose.yaml"), COMPOSE);
    let error: unknown;
    try {
      scenarioFileList(["sc"], dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).issues).toEqual([{
      file: "sc",
      message: "this folder holds no *.yaml or *.yml scenario file: it left out sc/compose.yaml, a compose file (services, no steps), and sc/.a.yaml, hidden (its name starts with \".\"); name a file to run it",
    }]);
  });
});

describe("composeFileKeys", () => {
  test("the compose-only top-level keys of a file with no steps and only compose's top-level keys", () => {
    expect(composeFileKeys("services:\n  web:\n    image: nginx\n")).toEqual(["services"]);
    expect(composeFileKeys("\uFEFF# a comment\n---\nname: app\r\ninclude:\r\n  - other.yaml\r\nsecrets:\n  s: { file: ./s }\n")).toEqual(["include"]);
    expect(composeFileKeys("\"services\": {}\n'networks' : # note\n  n: {}\nconfigs: {}\nx-anchors: &a 1\n")).toEqual(["services", "networks", "configs"]);
    expect(composeFileKeys("services: {}\n\t\n  \nvolumes: {}\nservices: {}\n")).toEqual(["services", "volumes"]);
  });

  test("none for what may be a scenario: a steps key, a key of a scenario's own, compose's shared keys alone", () => {
    for (const text of [
      "services: {}\nsteps: []\n", "services: {}\n\"steps\": []\n", "services: {}\nteardown: []\n", "services: {}\nstep: []\n",
      "name: x\n", "name: x\nsecrets: [A]\nx-y: 1\n", "", "# only a comment\n",
    ]) expect(composeFileKeys(text)).toBeUndefined();
  });

  test("none for what a top-level line scan cannot read for sure: flow mappings, explicit and merge keys, several documents, tags", () => {
    for (const text of [
      "{services: {}, steps: []}\n", "services: {}\n? steps\n: []\n", "services: {}\n<<: *base\n", "services: {}\n---\nsteps: []\n",
      "services: {}\n...\n", "%YAML 1.2\n---\nservices: {}\n", "!!map\nservices: {}\n", "services: {}\n\"st\\x65ps\": []\n",
      "services: {}\n&a steps: []\n", "services: {}\nsteps:[]\n", "services: {}\n\tsteps: []\n", "services: {}\rsteps: []\n", "- services\n",
      "--- {services: {}}\n",
    ]) expect(composeFileKeys(text)).toBeUndefined();
  });
});

describe("shardFiles", () => {
  const files = Array.from({ length: 11 }, (_, i) => `sc/f${String(i).padStart(2, "0")}.yaml`);

  test("every file lands in exactly one shard, and shard sizes differ by at most one", () => {
    for (const count of [1, 2, 3, 4, 7, 11]) {
      const shards = Array.from({ length: count }, (_, i) => shardFiles(files, i + 1, count, "/nowhere"));
      expect(shards.flat().sort()).toEqual([...files].sort());
      const sizes = shards.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  test("the split does not depend on the order the files were named in", () => {
    const shuffled = [files[5]!, ...files.filter((_, i) => i !== 5).reverse()];
    for (let i = 1; i <= 3; i++) expect(shardFiles(shuffled, i, 3, "/nowhere").sort()).toEqual(shardFiles(files, i, 3, "/nowhere").sort());
  });

  test("sorted by path and dealt in turn", () => {
    expect(shardFiles(["c.yaml", "a.yaml", "b.yaml", "d.yaml"], 1, 2, "/nowhere")).toEqual(["a.yaml", "c.yaml"]);
    expect(shardFiles(["c.yaml", "a.yaml", "b.yaml", "d.yaml"], 2, 2, "/nowhere")).toEqual(["b.yaml", "d.yaml"]);
  });
});

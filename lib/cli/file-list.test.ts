// Tests of the file list: folder expansion and --shard dealing.
import { describe, expect, test } from "bun:test";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { InvalidInput } from "../core/invalid-input.ts";
import { expandScenarioArgs, shardFiles } from "./file-list.ts";
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

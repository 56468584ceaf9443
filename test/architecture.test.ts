// The layering rule of docs/architecture.md holds for lib/ and bin/, and the check catches upward imports, test imports and cycles.
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "./helpers/cli.ts";
import { importsOf, readImportGraph, type ImportGraph } from "./architecture/imports.ts";
import { layerTable } from "./architecture/layer-table.ts";
import { EXCEPTIONS, LAYERS, type Layer } from "./architecture/layers.ts";
import { checkLayers, findCycles, layerOf } from "./architecture/rule.ts";

describe("the program's imports", () => {
  const found = checkLayers(readImportGraph(REPO, ["lib", "bin"]), LAYERS).map((v) => v.message);
  const excused = new Set(EXCEPTIONS.map((e) => e.violation));

  test("point down the layer table, never into test/, never round a cycle", () => {
    expect(found.filter((message) => !excused.has(message))).toEqual([]);
  });

  test("every listed exception still occurs (remove the ones that are fixed)", () => {
    expect(EXCEPTIONS.filter((e) => !found.includes(e.violation))).toEqual([]);
  });

  test("docs/architecture.md shows the layer table the check uses", () => {
    expect(readFileSync(join(REPO, "docs/architecture.md"), "utf8")).toContain(layerTable(LAYERS));
  });
});

describe("importsOf", () => {
  test("finds static, type-only, re-exported, side-effect and dynamic imports, resolved from the module's directory", () => {
    const source = [
      'import { a } from "./a.ts";',
      'import type { B } from "../core/b.ts";',
      'export { c } from "./c.ts";',
      'import "./side-effect.ts";',
      'const d = await import("../steps/d.ts");',
      'type E = typeof import("./e.ts");',
    ].join("\n");
    expect(importsOf("lib/engine/x.ts", source)).toEqual([
      "lib/engine/a.ts", "lib/core/b.ts", "lib/engine/c.ts", "lib/engine/side-effect.ts", "lib/steps/d.ts", "lib/engine/e.ts",
    ]);
  });

  test("leaves out packages and text that only looks like an import", () => {
    const source = 'import { z } from "zod";\nimport { join } from "node:path";\n// import("./commented.ts")\nconst s = "import(\'./quoted.ts\')";';
    expect(importsOf("lib/x.ts", source)).toEqual([]);
  });
});

describe("the check", () => {
  const layers: Layer[] = [
    { name: "top", holds: ["bin/", "lib/top/"], note: "" },
    { name: "side", holds: ["lib/side/"], imports: ["bottom", "lib/mid/events.ts"], note: "" },
    { name: "mid", holds: ["lib/mid/"], note: "" },
    { name: "bottom", holds: ["lib/bottom/", "lib/bottom.ts"], note: "" },
  ];
  const graph = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));
  const messages = (edges: Record<string, string[]>) => checkLayers(graph(edges), layers).map((v) => `${v.kind}: ${v.message}`);

  test("accepts imports of the same layer and of any layer below", () => {
    expect(messages({
      "bin/main.ts": ["lib/top/args.ts", "lib/side/report.ts", "lib/mid/run.ts", "lib/bottom.ts"],
      "lib/top/args.ts": ["lib/bottom/util.ts"],
      "lib/mid/run.ts": ["lib/bottom/util.ts"],
      "lib/bottom/util.ts": [],
    })).toEqual([]);
  });

  test("reports an import from a higher layer, naming both modules and layers", () => {
    expect(messages({ "lib/bottom/util.ts": ["lib/mid/run.ts"], "lib/mid/run.ts": [] })).toEqual([
      "upward: lib/bottom/util.ts (bottom) imports lib/mid/run.ts (mid)",
    ]);
  });

  test("a layer with an imports list reaches only what it names; layers below it cannot import it", () => {
    expect(messages({
      "lib/side/report.ts": ["lib/mid/events.ts", "lib/mid/run.ts", "lib/bottom/util.ts"],
      "lib/mid/run.ts": ["lib/side/report.ts"],
    })).toEqual([
      "upward: lib/side/report.ts (side) imports lib/mid/run.ts (mid)",
      "upward: lib/mid/run.ts (mid) imports lib/side/report.ts (side)",
      "cycle: import cycle: lib/mid/run.ts → lib/side/report.ts → lib/mid/run.ts",
    ]);
  });

  test("reports an import of test code from any layer", () => {
    expect(messages({ "lib/bottom/util.ts": ["test/helpers/ports.ts"] })).toEqual([
      "test: lib/bottom/util.ts imports test code test/helpers/ports.ts",
    ]);
  });

  test("reports a module in no layer, and an import of one", () => {
    expect(messages({ "lib/top/args.ts": ["lib/new/thing.ts"], "lib/new/thing.ts": [] })).toEqual([
      "unplaced: lib/top/args.ts imports lib/new/thing.ts, which is in no layer",
      "unplaced: lib/new/thing.ts is in no layer: add its directory to the layer table",
    ]);
  });

  test("reports a cycle inside one layer with its path", () => {
    expect(messages({
      "lib/mid/a.ts": ["lib/mid/b.ts"],
      "lib/mid/b.ts": ["lib/mid/c.ts", "lib/bottom.ts"],
      "lib/mid/c.ts": ["lib/mid/a.ts"],
      "lib/bottom.ts": [],
    })).toEqual(["cycle: import cycle: lib/mid/a.ts → lib/mid/b.ts → lib/mid/c.ts → lib/mid/a.ts"]);
  });

  test("finds each cycle once, the shortest way round, and a module importing itself", () => {
    expect(findCycles(graph({
      "a.ts": ["b.ts"],
      "b.ts": ["c.ts", "a.ts"],
      "c.ts": ["a.ts"],
      "d.ts": ["d.ts"],
      "e.ts": ["a.ts"],
    }))).toEqual([["a.ts", "b.ts", "a.ts"], ["d.ts", "d.ts"]]);
  });

  test("the most specific entry places a module", () => {
    const table: Layer[] = [
      { name: "events", holds: ["lib/engine/events.ts"], note: "" },
      { name: "engine", holds: ["lib/engine/"], note: "" },
    ];
    expect([layerOf(table, "lib/engine/events.ts")?.name, layerOf(table, "lib/engine/run.ts")?.name, layerOf(table, "lib/engineer.ts")]).toEqual([
      "events", "engine", undefined,
    ]);
  });
});

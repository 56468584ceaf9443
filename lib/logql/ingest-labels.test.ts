// The labels Loki 3.x adds at ingestion: service_name and detected_level, each case as Loki 3.4.6 labelled it.
import { describe, expect, test } from "bun:test";
import { detectLevel, levelFromStream, withServiceName } from "./ingest-labels.ts";

describe("detected_level of a line (answers of a real Loki 3.4.6)", () => {
  const cases: [string, string][] = [["{\"level\":\"WARN\",\"msg\":\"x\"}", "warn"], ["{\"severity\":\"err\"}", "error"], ["{\"Level\":\"info\",\"level\":\"debug\"}", "debug"], ["{\"lvl\":\"trc\"}", "trace"], ["{\"level\":\"nope\",\"msg\":\"ERROR here\"}", "error"], ["{\"level\":{\"a\":1},\"severity\":\"error\"}", "error"], ["  {\"msg\":\"info inside\"}  ", "info"], ["{\"level\":\"fatal\"", "unknown"], ["level=critical msg=x", "critical"], ["LEVEL=Warning a=b", "warn"], ["a=b severity=dbg level=error", "error"], ["x=\"unterminated level=error", "error"], ["msg=hello", "unknown"], ["plain line with ERR: oops", "error"], ["plain warn: thing", "warn"], ["CRITICAL: disk", "critical"], ["DEBUG: x", "debug"], ["debug without colon", "unknown"], ["information", "info"], ["Error capitalised", "unknown"], ["msg=\"foo bar\" lvl=inf", "info"], ["{\"level\":\"error\"} trailing", "error"], ["{\"level\": \"Info\" }", "info"], ["{\"level\":5}", "unknown"], ["level=\"warn\" msg=\"a b\"", "warn"], ["=x level=info", "info"], ["k=\"v\" \"bad\"=1 level=error", "error"]];
  test.each(cases)("%j → %s", (line, level) => {
    expect(detectLevel(line)).toBe(level);
  });
});

describe("detected_level of a JSON line as jsonparser.Get finds the field (answers of a real Loki 3.4.6)", () => {
  const cases: [string, string][] = [
    // A key it cannot unescape ends the search for the fields after it; one it can is compared unescaped.
    ['{"ts":"t","k\\x":"1","level":"warn"}', "unknown"],
    ['{"ts":"t","level":"warn","k\\x":"1"}', "warn"],
    ['{"ts":"t","le\\u0076el":"error"}', "error"],
    ['{"ts":"t","le\\u0076el":"warn"}', "warn"],
    // A value Get refuses (a bad literal, an unterminated string) is no field: the next one in Loki's order is taken.
    ['{"ts":"t","level":tru,"severity":"error"}', "error"],
    ['{"ts":"t","lvl":"debug","level":nul}', "debug"],
    ['{"ts":"t","level":"abc}', "unknown"],
    // An object is a value: not a level, so the line's words decide (`info` here), not the next field.
    ['{"ts":"t","level":{"x":1},"lvl":"info"}', "info"],
  ];
  test.each(cases)("%j → %s", (line, level) => {
    expect(detectLevel(line)).toBe(level);
  });
});

describe("level from a stream label, service_name", () => {
  test("the first level label in Loki's order gives its value as is", () => {
    expect(levelFromStream({ app: "a", severity: "Sev", lvl: "x" })).toBe("Sev");
    expect(levelFromStream({ Level: "NOTICE", level: "warn" })).toBe("warn");
    expect(levelFromStream({ app: "a" })).toBeUndefined();
  });
  test("service_name: the first of service, app, …, job; else unknown_service; an existing one is kept", () => {
    expect(withServiceName({ job: "j", app: "a" })).toEqual({ job: "j", app: "a", service_name: "a" });
    expect(withServiceName({ container: "c", job: "j" }).service_name).toBe("c");
    expect(withServiceName({ filename: "x.log" }).service_name).toBe("unknown_service");
    expect(withServiceName({ service_name: "s", app: "a" }).service_name).toBe("s");
  });
});

describe("JSON level values matched in place", () => {
  const reference = (value: string): string => {
    switch (value.toLowerCase()) {
      case "warning":
      case "wrn":
        return "warn";
      case "err":
        return "error";
      case "inf":
        return "info";
      case "dbg":
        return "debug";
      case "trc":
        return "trace";
      default:
        return ["trace", "debug", "info", "warn", "error", "critical", "fatal"].includes(value.toLowerCase()) ? value.toLowerCase() : detectLevel(`{"other":"${value}","msg":"x"}`); // no level: keyword search
    }
  };
  // Values whose case folding differs between ASCII and Unicode (İ, the Kelvin sign), longer words, prefixes.
  const values = ["WaRnInG", "CRITICAL", "Fatal", "İnfo", "\u212Arit", "inform", "warnings", "er", "eRR", "dbg", "TRC", "criticall", ""];
  for (const value of values)
    test(JSON.stringify(value), () => {
      expect(detectLevel(`{"level":"${value}","msg":"x"}`)).toBe(reference(value));
    });
});

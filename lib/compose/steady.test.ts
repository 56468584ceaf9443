// Tests of steadyRead: a container started less than the steady period ago is read again, and counts only when it runs from the same start.
import { describe, expect, test } from "bun:test";
import { steadyRead } from "./steady.ts";
import type { ContainerStart, ContainerState } from "./ps.ts";

const c = (state: string): ContainerState => ({ service: "svc", name: "p-svc-1", state, health: "", exitCode: state === "running" ? null : 3, status: "" });
const T0 = Date.parse("2026-01-01T00:00:00Z");
const at = (ms: number, restarts: number): ContainerStart => ({ startedAt: new Date(T0 + ms).toISOString(), restarts });

function io(startsSeen: ContainerStart[], second: ContainerState[], nowMs: number) {
  const asked: string[] = [];
  let n = 0;
  return {
    asked,
    io: {
      starts: async (names: string[]) => new Map(names.map((name) => [name, startsSeen[Math.min(n++, startsSeen.length - 1)]!])),
      reread: async () => {
        asked.push("reread");
        return { states: second };
      },
      signal: new AbortController().signal,
      now: () => T0 + nowMs,
      steadyMs: 20,
    },
  };
}

describe("steadyRead", () => {
  test("a container up longer than the steady period is judged on the first read", async () => {
    const { io: x, asked } = io([at(0, 0)], [], 5000);
    const r = await steadyRead([c("running")], ["svc"], x);
    expect(r).toEqual({ states: [c("running")], unsteady: new Map() });
    expect(asked).toEqual([]);
  });

  test("a young container started again between the reads is unsteady, with its restart count", async () => {
    const { io: x, asked } = io([at(4990, 1), at(5010, 2)], [c("running")], 5000);
    const r = await steadyRead([c("running")], ["svc"], x);
    expect(asked).toEqual(["reread"]);
    expect(r).toEqual({ states: [c("running")], unsteady: new Map([["p-svc-1", "started again within 0.02s by its restart policy (restart count 1 → 2)"]]) });
  });

  test("a young container running from the same start in the second read is steady", async () => {
    const { io: x } = io([at(4990, 0), at(4990, 0)], [c("running")], 5000);
    expect(await steadyRead([c("running")], ["svc"], x)).toEqual({ states: [c("running")], unsteady: new Map() });
  });

  test("a young container that exited by the second read is judged on that read", async () => {
    const { io: x } = io([at(4990, 0)], [c("exited")], 5000);
    expect(await steadyRead([c("running")], ["svc"], x)).toEqual({ states: [c("exited")], unsteady: new Map() });
  });

  test("services not named are not watched", async () => {
    const { io: x, asked } = io([at(4990, 0)], [], 5000);
    await steadyRead([c("running")], ["other"], x);
    expect(asked).toEqual([]);
  });
});

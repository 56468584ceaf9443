// The compose file lists scenarios/full-stack.yaml and app.yaml pass, real and local: docker compose config accepts each.
import { expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse } from "yaml";
import { describeRequiring } from "./helpers/requires.ts";
import { REPO } from "./helpers/cli.ts";
import { SYNC_CHILD_LIMIT } from "./helpers/bounded-spawn.ts";

/** Why compose cannot run here, or undefined when it can. */
function noCompose(): string | undefined {
  const r = spawnSync("docker", ["compose", "version"], { encoding: "utf8", ...SYNC_CHILD_LIMIT });
  return r.error || r.status !== 0 ? `no docker compose (${(r.stderr || String(r.error)).trim()})` : undefined;
}

/** The compose file lists of a shipped scenario's steps, with its `vars:` and STACK filled in. */
function composeFileLists(scenario: string, stack: string): string[][] {
  const doc = parse(readFileSync(join(REPO, "scenarios", scenario), "utf8")) as { vars: Record<string, string>; steps: unknown[]; teardown?: unknown[] };
  const vars: Record<string, string> = { ...doc.vars, STACK: stack };
  const fill = (text: string): string => text.replace(/\$\{(\w+)\}/g, (_, name: string) => fill(vars[name] ?? `\${${name}}`));
  const steps = [...doc.steps, ...(doc.teardown ?? [])] as { compose?: { files?: string[] } }[];
  return steps.flatMap((s) => (s.compose?.files ? [s.compose.files.map((f) => resolve(REPO, "scenarios", fill(f)))] : []));
}

describeRequiring("the compose files the full-stack scenarios pass", "docker compose", noCompose(), () => {
  for (const scenario of ["full-stack.yaml", "app.yaml"]) {
    for (const stack of ["real", "local"]) {
      test(`${scenario} with STACK=${stack}: docker compose config accepts every file list it passes`, () => {
        const lists = composeFileLists(scenario, stack);
        expect(lists.length).toBeGreaterThan(0);
        for (const files of lists) {
          const r = spawnSync("docker", ["compose", "-p", "config-check", ...files.flatMap((f) => ["-f", f]), "config", "-q"], {
            cwd: dirname(files[0]!),
            env: { ...process.env, API_KEY: "k", GRAFANA_PASSWORD: "p", STACK: stack },
            encoding: "utf8",
            ...SYNC_CHILD_LIMIT,
          });
          expect({ files, stderr: r.stderr.trim(), status: r.status }).toEqual({ files, stderr: "", status: 0 });
        }
      });
    }
  }
});

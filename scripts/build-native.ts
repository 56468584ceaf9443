// Builds lib/logsource/line-times.c (the reading of passed-over lines' times) with the system's C compiler ($CC, else
// `cc`) into .native/, where lib/logsource/native-times.ts loads it: about twice as fast as the build Bun's own C compiler
// (TinyCC) makes at run time, which stays the fallback where there is no compiler. Run by scripts/build-bundle.ts (npm's
// `postinstall`, `npm run build`); alone: `bun scripts/build-native.ts`. No compiler, or a failed build, leaves TinyCC.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { installedLineTimesPath, LINE_TIMES_CFLAGS } from "../lib/logsource/native-times.ts";

const SOURCE = Bun.fileURLToPath(new URL("../lib/logsource/line-times.c", import.meta.url));

/**
 * Builds the library at `out` (default: where native-times.ts looks for it), written under a temporary name and renamed,
 * so a reader never finds half a library; other builds in its directory are removed. The compiler's own words on failure.
 */
export function buildLineTimes(out: string = installedLineTimesPath(readFileSync(SOURCE, "utf8")), compiler: string[] = (process.env.CC?.trim() || "cc").split(/\s+/)): { ok: true; path: string } | { ok: false; why: string } {
  const dir = dirname(out);
  const partial = join(dir, `.${basename(out)}.${process.pid}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    let result;
    try {
      result = Bun.spawnSync([...compiler, ...LINE_TIMES_CFLAGS, "-o", partial, SOURCE], { stdout: "pipe", stderr: "pipe" });
    } catch (err) {
      return { ok: false, why: `${compiler.join(" ")} could not be started (${err instanceof Error ? err.message : String(err)})` };
    }
    if (!result.success) {
      const said = `${result.stderr.toString()}${result.stdout.toString()}`.trim();
      return { ok: false, why: `${compiler.join(" ")} failed (exit ${result.exitCode})${said ? `: ${said}` : ""}` };
    }
    renameSync(partial, out);
    for (const name of readdirSync(dir)) if (name.startsWith("line-times-") && name !== basename(out)) rmSync(join(dir, name), { force: true });
    return { ok: true, path: out };
  } catch (err) {
    // An install must not fail for want of this library (a read-only directory, say): TinyCC's build stands in.
    return { ok: false, why: err instanceof Error ? err.message : String(err) };
  } finally {
    try {
      rmSync(partial, { force: true });
    } catch {
      // Its directory was never made.
    }
  }
}

if (import.meta.main) {
  const built = buildLineTimes();
  console.error(built.ok ? `scenario: built ${built.path}` : `scenario: the C reading was not built (Bun's own compiler will build it when needed): ${built.why}`);
}

// zod's file beside the bundle (.bundle/vendor-zod.js): only the members of `z` that lib/ reads, so a run that needs zod deserializes no more of it than the bundle held.
import type { BunPlugin } from "bun";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";

/** The entry point scripts/build-bundle.ts builds vendor-zod.js from (a module made by zodEntry). */
export const ZOD_ENTRY = "zod-entry";

/** TypeScript to JavaScript: types, type-only imports and imports used only in types are gone. */
const transpiler = new Bun.Transpiler({ loader: "ts" });

/**
 * The members of `z` a module's JavaScript reads (`z.object`, …; names read only in types are not). Fails the build when
 * the module takes from zod anything but `z`, or uses `z` other than by reading a member: the built file holds only the members read.
 */
export function zMembers(importer: string, root: string): string[] {
  const code = transpiler.transformSync(readFileSync(importer, "utf8"));
  const imports = [...code.matchAll(/import\s*([^;]*?)\s*from\s*"zod"/g)].map((m) => m[1]!.replace(/\s+/g, " ").trim());
  const rest = code.replace(/import\s*[^;]*?\s*from\s*"zod"/g, "");
  if (imports.some((what) => what !== "{ z }") || /["'`]zod["'`]/.test(rest)) {
    throw new Error(`${relative(root, importer)} takes from zod more than { z }: zod's file holds only members of \`z\``);
  }
  if (imports.length === 0) return [];
  if (/\bz\b(?!\s*\.)/.test(withoutLiterals(rest))) {
    throw new Error(`${relative(root, importer)} uses \`z\` other than by reading a member: zod's file holds only members of \`z\``);
  }
  return [...new Set([...rest.matchAll(/\bz\s*\.\s*([A-Za-z_$][\w$]*)/g)].map((m) => m[1]!))];
}

/** The code without comments, string and template literals and regular expression literals (whose text may hold a lone "z"). */
function withoutLiterals(code: string): string {
  return code
    // one pass, so whichever opens first (a comment or a literal) is the one removed: "//" in a string is no comment
    .replace(/\/\*[\s\S]*?\*\/|\/\/.*$|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`/gm, (m) => (m.startsWith("/") ? "" : '""'))
    .replace(/([(,=:[!&|?{};]\s*)\/(?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n[])+\/[dgimsuvy]*/g, "$1/x/");
}

/** Every member of `z` read by the JavaScript of a module of lib/ (tests aside) that names zod. */
export function zodMembersOfLib(root: string): string[] {
  const members = new Set<string>();
  for (const entry of readdirSync(join(root, "lib"), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts") || entry.name.endsWith(".test.ts")) continue;
    const path = join(entry.parentPath, entry.name);
    if (readFileSync(path, "utf8").includes("zod")) for (const member of zMembers(path, root)) members.add(member);
  }
  return [...members].sort();
}

/** Builds ZOD_ENTRY as a module exporting `z` with the given members of zod's own `z`. */
export function zodEntry(root: string, members: readonly string[]): BunPlugin {
  return {
    name: "zod cut down",
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${ZOD_ENTRY}$`) }, () => ({ path: ZOD_ENTRY, namespace: ZOD_ENTRY }));
      build.onLoad({ filter: /.*/, namespace: ZOD_ENTRY }, () => ({
        contents: [
          // named by its path: a module made here has no folder to resolve a package from
          `import { z as full } from ${JSON.stringify(Bun.resolveSync("zod", resolve(root, "lib/cli.ts")))};`,
          `export const z = { ${members.map((m) => `${m}: full.${m}`).join(", ")} };`,
          "",
        ].join("\n"),
        loader: "js",
      }));
    },
  };
}

// After npm ci the package's command is linked without a dependency on itself (no link in node_modules leads back up the tree), and the install scripts it needs are approved.
import { expect, test } from "bun:test";
import { lstatSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { join, sep } from "node:path";
import { REPO } from "./helpers/cli.ts";

const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as {
  name: string;
  dependencies?: object;
  devDependencies?: object;
  allowScripts?: Record<string, boolean>;
};
const lock = JSON.parse(readFileSync(join(REPO, "package-lock.json"), "utf8")) as { packages: Record<string, { hasInstallScript?: boolean }> };

/** Symlinked directories in node_modules (scoped packages included) whose target contains the link itself. */
function linksToAncestors(modules: string): string[] {
  const entries = readdirSync(modules).flatMap((name) =>
    name.startsWith("@") ? readdirSync(join(modules, name)).map((sub) => join(modules, name, sub)) : [join(modules, name)],
  );
  return entries.filter((path) => lstatSync(path).isSymbolicLink() && `${path}${sep}`.startsWith(`${realpathSync(path)}${sep}`));
}

test("the package does not depend on itself", () => {
  expect(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })).not.toContain(pkg.name);
});

test("no link in node_modules points to a directory that contains it", () => {
  expect(linksToAncestors(join(REPO, "node_modules"))).toEqual([]);
});

test("node_modules/.bin/scenario is the package's bin/scenario", () => {
  expect(realpathSync(join(REPO, "node_modules", ".bin", "scenario"))).toBe(realpathSync(join(REPO, "bin", "scenario")));
});

// npm 12 skips the install script of a dependency that package.json's allowScripts does not approve (npm 11 warns):
// bun's script is what puts its binary in place, so without the approval `npx bun` would run a placeholder.
test("every dependency with an install script is approved in allowScripts", () => {
  const withScripts = Object.entries(lock.packages)
    .filter(([path, entry]) => path !== "" && entry.hasInstallScript)
    .map(([path]) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length));
  expect(withScripts).toContain("bun");
  expect(withScripts.filter((name) => pkg.allowScripts?.[name] !== true)).toEqual([]);
});

import { expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../../test/helpers/cli.ts";
import { undoBunDotenv } from "./dotenv-undo.ts";

test("with a .env file in the folder, the environment is put back as the process started with it", () => {
  const dir = tempDir("scenario-dotenv-undo-");
  const environ = join(dir, "environ");
  writeFileSync(environ, "KEPT=1\0CHANGED=shell value\0UTF=é\0");
  const env: Record<string, string> = { KEPT: "1", CHANGED: "from .env", ADDED: "from .env", UTF: "é" };
  // No .env file there: nothing is undone (Bun read nothing).
  expect(undoBunDotenv(dir, env, environ)).toEqual([]);
  expect(env.ADDED).toBe("from .env");
  writeFileSync(join(dir, ".env.local"), "ADDED=from .env\n");
  expect(undoBunDotenv(dir, env, environ)).toEqual(["ADDED"]);
  expect(env).toEqual({ KEPT: "1", CHANGED: "shell value", UTF: "é" });
});

test("an environment that cannot be read, or reads empty, leaves the variables as they are", () => {
  const dir = tempDir("scenario-dotenv-undo-");
  writeFileSync(join(dir, ".env"), "ADDED=x\n");
  const env: Record<string, string> = { ADDED: "x" };
  expect(undoBunDotenv(dir, env, join(dir, "no-such-environ"))).toEqual([]);
  writeFileSync(join(dir, "empty"), "");
  expect(undoBunDotenv(dir, env, join(dir, "empty"))).toEqual([]);
  expect(env).toEqual({ ADDED: "x" });
});

// Preloaded by `bun test` (bunfig.toml): after the last test file, the temporary directories tests made with tempDir are removed.
import { afterAll } from "bun:test";
import { removeTempDirs } from "./helpers/cli.ts";

afterAll(removeTempDirs);

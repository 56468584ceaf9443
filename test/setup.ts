// Preloaded by `bun test` (bunfig.toml): after the last test file, the temporary directories tests made with tempDir are
// removed; after each test, the http clients forget the origins they stopped keeping connections to (a test's server port
// is handed out again to another test's server, which never sent a 204 with a length).
import { afterAll, afterEach } from "bun:test";
import { removeTempDirs } from "./helpers/cli.ts";
import { clearReuseBars } from "../lib/steps/http/no-reuse.ts";

afterAll(removeTempDirs);
afterEach(clearReuseBars);

// Where a run writes its log (integration_test_<epoch>.log): `.context/terminal` under the directory the command runs in.
import { join } from "node:path";

/** The run log's directory for a command run in `cwd` (the built-in variable RUN_LOG_DIR and the log reporter's default). */
export function runLogDir(cwd: string): string {
  return join(cwd, ".context", "terminal");
}

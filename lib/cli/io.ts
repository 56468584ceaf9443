// What the CLI reads and writes through: output streams, working directory, environment (tests pass their own).

export interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  cwd: string;
  env: Record<string, string | undefined>;
  /** Installs SIGINT/SIGTERM handlers; tests running main() in-process pass false. */
  handleSignals: boolean;
}

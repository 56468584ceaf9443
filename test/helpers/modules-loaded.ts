// Child-process helper: runs main(argv) in a fresh process and prints, as JSON, the exit code, the output and every module it loaded.
import { main } from "../../lib/cli.ts";
import type { Io } from "../../lib/cli/io.ts";

const out = { stdout: "", stderr: "" };
const io: Io = {
  stdout: { write: (s: string) => (out.stdout += s) },
  stderr: { write: (s: string) => (out.stderr += s) },
  cwd: process.cwd(),
  env: process.env,
  handleSignals: false,
};
const code = await main(process.argv.slice(2), io);
const root = new URL("../../", import.meta.url).pathname;
const modules = Object.keys(require.cache).map((m) => (m.startsWith(root) ? m.slice(root.length) : m));
console.log(JSON.stringify({ code, ...out, modules }));

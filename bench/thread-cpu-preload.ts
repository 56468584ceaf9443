// Preloaded into a benchmarked run: at exit, prints the CPU time of each kind of thread (main, JIT compilers, the rest) from /proc schedstat.
import { readdirSync, readFileSync, writeSync } from "node:fs";

/** Names JavaScriptCore gives its compiler threads. */
const JIT_THREAD = /JIT|DFG|FTL|Compil/i;

process.on("exit", () => {
  let main = 0;
  let jit = 0;
  let rest = 0;
  for (const tid of readdirSync("/proc/self/task")) {
    let ns: number;
    let name: string;
    try {
      ns = Number(readFileSync(`/proc/self/task/${tid}/schedstat`, "utf8").split(" ")[0]);
      name = readFileSync(`/proc/self/task/${tid}/comm`, "utf8").trim();
    } catch {
      continue; // the thread ended meanwhile
    }
    if (Number(tid) === process.pid) main += ns;
    else if (JIT_THREAD.test(name)) jit += ns;
    else rest += ns;
  }
  writeSync(2, `thread-cpu-ns ${main} ${jit} ${rest}\n`);
});

// Whether the process may end as soon as main() returns, instead of when its event loop runs dry.
import { anyLiveGroup } from "../util/exec.ts";
import { onlyDescriptorWrites } from "./std-streams.ts";

/**
 * True when nothing is left that ending the process would cut short: all output went through synchronous descriptor
 * writes (no Node stream holds any) and no child process group the run started is alive (the event loop would wait for
 * its leader). Ending at once then writes and leaves exactly what waiting would (the exit hooks run either way), without
 * the garbage collection the idle event loop starts first (~2–3 ms after a 200-step run).
 */
export function mayExitAtOnce(): boolean {
  return onlyDescriptorWrites() && !anyLiveGroup();
}

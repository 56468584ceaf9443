// Turns chunks of process output into whole lines, for run logs (shell background processes, compose commands).

/** Splits chunks of output into whole lines, each passed to emit with a prefix; flush() emits the unfinished last line. */
export function lineSplitter(emit: (line: string) => void, prefix: string) {
  let pending = "";
  return {
    push(text: string) {
      pending += text;
      let nl = pending.indexOf("\n");
      while (nl !== -1) {
        emit(`${prefix}${pending.slice(0, nl).replace(/\r$/, "")}`);
        pending = pending.slice(nl + 1);
        nl = pending.indexOf("\n");
      }
    },
    flush() {
      if (pending !== "") emit(`${prefix}${pending}`);
      pending = "";
    },
  };
}

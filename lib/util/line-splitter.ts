// Turns chunks of process output into whole lines, for run logs (shell steps' output, background processes, compose commands).

/**
 * What masks output logged line by line (lib/vars/mask.ts's Masker.lines): a secret broken across two lines is in
 * neither, so lines are masked as they come with what came before them.
 */
export interface LineMasking {
  lines(emit: (line: string) => void): { push(line: string): void; end(): void };
}

/**
 * Splits chunks of output into whole lines, each passed to emit with a prefix; flush() emits the unfinished last line.
 * With `masking`, lines go through it first (a line whose end may begin a secret waits for the next, and a secret broken
 * across them comes out masked, the lines it joined as one line), and flush() gives on what it still holds.
 */
export function lineSplitter(emit: (line: string) => void, prefix: string, masking?: LineMasking) {
  let pending = "";
  const out = (line: string) => emit(`${prefix}${line}`);
  const sink = masking ? masking.lines(out) : { push: out, end() {} };
  return {
    push(text: string) {
      pending += text;
      let nl = pending.indexOf("\n");
      while (nl !== -1) {
        sink.push(pending.slice(0, nl).replace(/\r$/, ""));
        pending = pending.slice(nl + 1);
        nl = pending.indexOf("\n");
      }
    },
    flush() {
      if (pending !== "") sink.push(pending);
      pending = "";
      sink.end();
    },
  };
}

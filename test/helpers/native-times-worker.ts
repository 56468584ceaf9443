// Thread entry for native-times.test.ts: compiles line-times.c with Bun's compiler under the lock it is given and answers whether it could, and what the compiled reading makes of one line.
import { nativeLineTimes, nativeLineTimesFailure } from "../../lib/logsource/native-times.ts";

declare const self: { onmessage: (e: MessageEvent<SharedArrayBuffer>) => void; postMessage(msg: unknown): void };

self.onmessage = (e) => {
  const native = nativeLineTimes(e.data, "tinycc");
  const line = Buffer.from('{"ts":"2024-01-15T10:30:00.5Z"}');
  self.postMessage({ compiled: native !== undefined, failure: nativeLineTimesFailure(), time: native?.lineTime(line, 0, line.length) });
};

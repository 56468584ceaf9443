// Watches a content-encoded body while it arrives: fetch stops reading once the decoded bytes pass the bound, so must the wire client.
import { decoderFor } from "./wire-decode.ts";

export interface BoundWatch {
  /** The body's next raw bytes. */
  write(bytes: Buffer): void;
  stop(): void;
}

/**
 * Decodes the raw body as it comes (`first` is what has come so far) and calls `over` once the decoded bytes pass `max`; a
 * corrupt body just stops the watch (the whole body's decoding reports it). Made only for a body still arriving, so a
 * response read whole in one go costs no decoder here.
 */
export function watchBound(coding: string, first: Buffer, max: number, over: () => void): BoundWatch {
  const stream = decoderFor(coding, first)!.make();
  let bytes = 0;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    stream.destroy();
  };
  stream.on("data", (piece: Buffer) => {
    if (stopped) return;
    bytes += piece.length;
    if (bytes <= max) return;
    stop();
    over();
  });
  stream.on("error", stop);
  stream.write(first);
  return {
    write: (b) => {
      if (!stopped) stream.write(b);
    },
    stop,
  };
}

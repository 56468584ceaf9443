// format: pkl — checks the pickle envelope (a first byte that is an opcode, a known protocol and first FRAME when it starts with PROTO, final STOP), then reads every opcode to the STOP (pkl-walk.ts) and follows its effect on the stack (pkl-stack.ts) without unpickling anything.
import { readChunks, isGzipPath } from "../util/read-chunks.ts";
import { ProblemLog } from "./format-probe.ts";
import { FRAME, HIGHEST_PROTOCOL, isPickleOpcode, pickleWalkProblem, PROTO, STOP } from "./pkl-walk.ts";

/** What the check covers, for the check's expected text and the docs. */
export const PKL_CHECKED =
  "a pickle of protocol 0-5: starts with an opcode (protocol 2+: the PROTO opcode 0x80 and a known protocol), holds at least one opcode, its first FRAME fits the file, every opcode and its argument is read (never run) within the file and its frame up to the STOP opcode '.', which is the last byte, and its effect on the stack, its MARKs and its memo is as pickle.load checks it, and its text (BINUNICODE, GLOBAL, INST; a Python 2 string as ASCII, STRING's quotes and escapes, UNICODE's escapes) decodes and its INT, LONG and FLOAT text reads as pickle.load reads them by default; the objects are never unpickled, and what classes and calls make of them is not checked";

interface Envelope {
  head: Buffer;
  last: number | undefined;
  size: number;
}

/** The first 16 bytes, the last byte and the size; .gz files are streamed through, others read at both ends. */
async function envelope(path: string, signal?: AbortSignal): Promise<Envelope> {
  if (!isGzipPath(path)) {
    const file = Bun.file(path);
    const size = file.size;
    const head = Buffer.from(await file.slice(0, 16).arrayBuffer());
    const last = size > 0 ? Buffer.from(await file.slice(size - 1, size).arrayBuffer())[0] : undefined;
    return { head, last, size };
  }
  let head = Buffer.alloc(0);
  let last: number | undefined;
  let size = 0;
  for await (const chunk of readChunks(path, signal)) {
    if (head.length < 16) head = Buffer.concat([head, Buffer.from(chunk.subarray(0, 16 - head.length))]);
    last = chunk[chunk.length - 1];
    size += chunk.length;
  }
  return { head, last, size };
}

const hex = (b: number | undefined) => (b === undefined ? "nothing" : `0x${b.toString(16).padStart(2, "0")}`);

export async function checkPkl(path: string, signal?: AbortSignal): Promise<ProblemLog> {
  const problems = new ProblemLog();
  const { head, last, size } = await envelope(path, signal);
  if (size === 0) {
    problems.add({ message: "empty file" });
    return problems;
  }
  // Protocols 0 and 1 (what pickle.dump wrote before Python 3.0 by default, or with protocol=0/1) start with any opcode.
  if (!isPickleOpcode(head[0]!)) {
    problems.add({ message: `not a pickle: starts with ${hex(head[0])}, which is no pickle opcode` });
    return problems;
  }
  let payloadStart = 0;
  if (head[0] === PROTO) {
    const proto = head[1];
    if (proto === undefined || proto > HIGHEST_PROTOCOL) {
      problems.add({ message: `unknown pickle protocol ${proto ?? "(missing)"}` });
      return problems;
    }
    payloadStart = 2;
  }
  if (payloadStart === 2 && head[2] === FRAME && head.length >= 11) {
    const frame = Number(head.readBigUInt64LE(3));
    payloadStart = 11;
    if (11 + frame > size) problems.add({ message: `first frame of ${frame} bytes runs past the end of the ${size}-byte file: truncated` });
  }
  if (last !== STOP) problems.add({ message: `does not end with the STOP opcode '.' (last byte is ${hex(last)}): truncated or not a pickle` });
  else if (size - 1 - payloadStart < 1) problems.add({ message: `empty pickle: no opcodes between the header and the STOP opcode '.' at byte ${size - 1}` });
  if (problems.count > 0) return problems;
  // A file cut after a '.' that is data (a state dict's dotted keys) passed the envelope: every opcode is read to the STOP.
  const walked = await pickleWalkProblem(path, isGzipPath(path) ? 0 : size, signal);
  if (walked !== undefined) problems.add({ message: walked });
  return problems;
}

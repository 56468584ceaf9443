// What each pickle opcode does to the unpickler's stack, its marks and its memo, as Python's C unpickler (_pickle, what
// pickle.load uses) checks them, without building or running anything: an opcode stream pickle.load refuses for its
// shape (a STOP with nothing to return, a POP or an APPEND with too little on the stack, a TUPLE or a DICT without a
// MARK, a DICT of an odd number of items, a GET of a memo entry never put) fails here too.

/**
 * What a stack value is known to be, when an opcode made it (a list from EMPTY_LIST, a text from BINUNICODE), or ANY
 * when it could be anything (what GLOBAL, REDUCE, NEWOBJ, BUILD or a persistent id give, a bytearray or a buffer): a
 * value of ANY is never refused. OTHER is None, a bool, an int, a float or bytes.
 */
const enum Kind { ANY, LIST, DICT, TUPLE, SET, FROZENSET, STR, OTHER }

/** Kinds that no hash is made of (a dict's key, a set's or a frozenset's item of them fails). */
const unhashable = (k: Kind) => k === Kind.LIST || k === Kind.DICT || k === Kind.SET;

const KIND_NAME = ["an object", "a list", "a dict", "a tuple", "a set", "a frozenset", "a str", "None, a bool, a number or bytes"];

/** The opcodes this file reads, by byte (pickletools.opcodes). */
const enum Op {
  MARK = 0x28, STOP = 0x2e, POP = 0x30, POP_MARK = 0x31, DUP = 0x32, BINPERSID = 0x51, REDUCE = 0x52, APPEND = 0x61,
  BUILD = 0x62, DICT = 0x64, EMPTY_DICT = 0x7d, APPENDS = 0x65, LIST = 0x6c, EMPTY_LIST = 0x5d, OBJ = 0x6f,
  SETITEM = 0x73, TUPLE = 0x74, EMPTY_TUPLE = 0x29, SETITEMS = 0x75, NONE = 0x4e, NEWTRUE = 0x88, NEWFALSE = 0x89,
  INT = 0x49, BININT = 0x4a, BININT1 = 0x4b, BININT2 = 0x4d, LONG = 0x4c, LONG1 = 0x8a, LONG4 = 0x8b, FLOAT = 0x46,
  BINFLOAT = 0x47, STRING = 0x53, BINSTRING = 0x54, SHORT_BINSTRING = 0x55, UNICODE = 0x56, BINUNICODE = 0x58,
  SHORT_BINUNICODE = 0x8c, BINUNICODE8 = 0x8d, BINBYTES = 0x42, SHORT_BINBYTES = 0x43, BINBYTES8 = 0x8e,
  BYTEARRAY8 = 0x96, GLOBAL = 0x63, STACK_GLOBAL = 0x93, INST = 0x69, NEWOBJ = 0x81, NEWOBJ_EX = 0x92, EXT1 = 0x82,
  EXT2 = 0x83, EXT4 = 0x84, PERSID = 0x50, NEXT_BUFFER = 0x97, READONLY_BUFFER = 0x98, TUPLE1 = 0x85, TUPLE2 = 0x86,
  TUPLE3 = 0x87, EMPTY_SET = 0x8f, ADDITEMS = 0x90, FROZENSET = 0x91, GET = 0x67, BINGET = 0x68, LONG_BINGET = 0x6a,
  PUT = 0x70, BINPUT = 0x71, LONG_BINPUT = 0x72, MEMOIZE = 0x94,
}

/** The kind of value each opcode that only pushes one pushes. */
const PUSH_LIST: [Op, Kind][] = [
  [Op.NONE, Kind.OTHER], [Op.NEWTRUE, Kind.OTHER], [Op.NEWFALSE, Kind.OTHER], [Op.INT, Kind.OTHER], [Op.BININT, Kind.OTHER], [Op.BININT1, Kind.OTHER],
  [Op.BININT2, Kind.OTHER], [Op.LONG, Kind.OTHER], [Op.LONG1, Kind.OTHER], [Op.LONG4, Kind.OTHER], [Op.FLOAT, Kind.OTHER], [Op.BINFLOAT, Kind.OTHER],
  // Protocol 0-2 strings are str as pickle.load decodes them by default (bytes only with encoding="bytes": ANY would do, but
  // only STACK_GLOBAL tells str from bytes, and it takes both here).
  [Op.STRING, Kind.STR], [Op.BINSTRING, Kind.STR], [Op.SHORT_BINSTRING, Kind.STR], [Op.UNICODE, Kind.STR], [Op.BINUNICODE, Kind.STR],
  [Op.SHORT_BINUNICODE, Kind.STR], [Op.BINUNICODE8, Kind.STR], [Op.BINBYTES, Kind.OTHER], [Op.SHORT_BINBYTES, Kind.OTHER], [Op.BINBYTES8, Kind.OTHER],
  [Op.BYTEARRAY8, Kind.ANY], [Op.EMPTY_LIST, Kind.LIST], [Op.EMPTY_DICT, Kind.DICT], [Op.EMPTY_TUPLE, Kind.TUPLE], [Op.EMPTY_SET, Kind.SET],
  [Op.GLOBAL, Kind.ANY], [Op.EXT1, Kind.ANY], [Op.EXT2, Kind.ANY], [Op.EXT4, Kind.ANY], [Op.PERSID, Kind.ANY], [Op.NEXT_BUFFER, Kind.ANY],
];
/** By byte: the kind an opcode that only pushes a value pushes, or -1. */
const PUSHES = new Int8Array(256).fill(-1);
for (const [code, kind] of PUSH_LIST) PUSHES[code] = kind;

/** A memo index as Python's int() reads a GET's or a PUT's text argument (spaces around, a sign, _ between digits). */
const MEMO_INDEX = /^[ \t\n\r\f\v]*([+-]?\d+(?:_\d+)*)[ \t\n\r\f\v]*$/;

/** A text argument (GET, PUT) read as a memo index, or undefined when int() would refuse it. */
function memoIndex(text: string): number | undefined {
  const m = MEMO_INDEX.exec(text);
  return m ? Number(m[1]!.replace(/_/g, "")) : undefined;
}

/** Memo indexes from here on are kept in a Map: a PUT of index 4,000,000,000 makes no array of that size. */
const FAR_INDEX = 1 << 24;

const s = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * A growable list of small whole numbers in a typed array (`wide`: up to 2^32, else a byte): a pickle of millions of
 * values on its stack, or of MARKs, costs a byte (four) each, not a JavaScript value's eight.
 */
class Packed {
  length = 0;
  private items: Uint8Array | Uint32Array;
  constructor(private readonly wide: boolean) {
    this.items = wide ? new Uint32Array(64) : new Uint8Array(64);
  }
  push(v: number): void {
    if (this.length === this.items.length) {
      const grown = this.wide ? new Uint32Array(this.length * 2) : new Uint8Array(this.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.length++] = v;
  }
  pop(): number | undefined {
    return this.length ? this.items[--this.length] : undefined;
  }
  at(i: number): number {
    return this.items[i]!;
  }
  set(i: number, v: number): void {
    this.items[i] = v;
  }
}

/** One pickle's stack, marks and memo; `step` applies an opcode and says what is wrong with it, or undefined. */
export class PickleStack {
  private stack = new Packed(false);
  /** The stack's length at each open MARK, innermost last. */
  private marks = new Packed(true);
  /** The memo: by index, its value's kind + 1 (0: nothing put there), in an array while indexes are small, else in `far`. */
  private memo = new Uint8Array(64);
  private far: Map<number, Kind> | undefined;
  /** How many entries the memo holds (MEMOIZE puts at this index, as Python's len(memo)). */
  private memoCount = 0;

  private memoGet(index: number): Kind | undefined {
    if (index >= 0 && index < this.memo.length) {
      const k = this.memo[index]!;
      return k === 0 ? undefined : ((k - 1) as Kind);
    }
    return this.far?.get(index);
  }

  private memoPut(index: number, kind: Kind): void {
    if (index >= this.memo.length && index < FAR_INDEX) {
      const grown = new Uint8Array(Math.min(FAR_INDEX, Math.max(index + 1, this.memo.length * 2)));
      grown.set(this.memo);
      this.memo = grown;
    }
    if (index < this.memo.length) {
      if (this.memo[index] === 0) this.memoCount++;
      this.memo[index] = kind + 1;
    } else {
      this.far ??= new Map();
      if (!this.far.has(index)) this.memoCount++;
      this.far.set(index, kind);
    }
  }

  /** The stack's length below which the innermost MARK fences it (Python's fence). */
  private get fence(): number {
    return this.marks.length ? this.marks.at(this.marks.length - 1) : 0;
  }

  /** Why taking `n` values from the stack fails (Python: "unpickling stack underflow", or "unexpected MARK found"), or undefined. */
  private short(n: number, what: string): string | undefined {
    const above = this.stack.length - this.fence;
    if (above >= n) return undefined;
    const has = this.marks.length ? `${s(above, "value")} above its last MARK` : `${s(above, "value")}`;
    return `takes ${what} from the stack, which holds ${has}`;
  }


  private noMark = () => "needs a MARK before it, and none is open";

  /** What a value of a known kind cannot be used as (`as`: the opcode's need), or undefined. */
  private wrong(kind: Kind, ok: Kind[], as: string): string | undefined {
    return kind === Kind.ANY || ok.includes(kind) ? undefined : `${as}, and the value there is ${KIND_NAME[kind]}`;
  }

  /** Items from `from` to the top that are keys (every other one from the first when `pairs`) or set items: one that no hash is made of fails. */
  private hashable(from: number, pairs: boolean, what: string): string | undefined {
    for (let i = from; i < this.stack.length; i += pairs ? 2 : 1) {
      const k: Kind = this.stack.at(i);
      if (unhashable(k)) return `${what} ${KIND_NAME[k]}, which cannot be one (unhashable)`;
    }
    return undefined;
  }

  /**
   * Applies the opcode `code`, whose argument is `arg` where it matters (PROTO's protocol is checked elsewhere; a memo
   * opcode's index, as a number, or as the text of GET and PUT): what is wrong, worded to follow "NAME at byte N ", or undefined.
   */
  step(code: number, arg?: number | string): string | undefined {
    const st = this.stack;
    const pushes = PUSHES[code]!;
    if (pushes >= 0) {
      st.push(pushes);
      return undefined;
    }
    switch (code) {
      case Op.MARK:
        this.marks.push(st.length);
        return undefined;
      case Op.STOP:
        return this.short(1, "the value to return");
      case Op.POP:
        // A POP right after a MARK takes the MARK away (Python's load_pop).
        if (this.marks.length && this.fence === st.length) this.marks.pop();
        else {
          const why = this.short(1, "a value");
          if (why) return why;
          st.pop();
        }
        return undefined;
      case Op.POP_MARK: {
        const mark = this.marks.pop();
        if (mark === undefined) return this.noMark();
        st.length = mark;
        return undefined;
      }
      case Op.DUP: {
        const why = this.short(1, "the value to copy");
        if (why) return why;
        st.push(st.at(st.length - 1));
        return undefined;
      }
      case Op.BINPERSID: {
        const why = this.short(1, "a persistent id");
        if (why) return why;
        st.set(st.length - 1, Kind.ANY);
        return undefined;
      }
      case Op.REDUCE: {
        const why = this.short(2, "a callable and its arguments");
        if (why) return why;
        const bad = this.wrong(st.at(st.length - 1), [Kind.TUPLE], "takes a tuple of arguments") ?? this.wrong(st.at(st.length - 2), [], "calls the value below its arguments");
        if (bad) return bad;
        st.length -= 2;
        st.push(Kind.ANY);
        return undefined;
      }
      case Op.BUILD: {
        const why = this.short(2, "an object and its state");
        if (why) return why;
        st.pop();
        return undefined;
      }
      case Op.APPEND: {
        const why = this.short(2, "a list and an item");
        if (why) return why;
        const bad = this.wrong(st.at(st.length - 2), [Kind.LIST], "appends to the value below the item");
        if (bad) return bad;
        st.pop();
        return undefined;
      }
      case Op.APPENDS: case Op.SETITEMS: case Op.ADDITEMS: {
        const mark = this.marks.pop();
        if (mark === undefined) return this.noMark();
        const target = code === Op.APPENDS ? "a list" : code === Op.SETITEMS ? "a dict" : "a set";
        // The target is below the MARK, above the MARK before it.
        if (mark <= this.fence) return `takes ${target} from below its MARK, where the stack holds no value${this.marks.length ? " above the MARK before it" : ""}`;
        const items = st.length - mark;
        if (code === Op.SETITEMS && items % 2 !== 0) return `has ${s(items, "item")} since its MARK, an odd number: keys and values come in pairs`;
        // No items: Python does nothing, whatever is below.
        if (items > 0) {
          const kind = st.at(mark - 1);
          const bad =
            code === Op.APPENDS ? this.wrong(kind, [Kind.LIST], "appends to the value below its MARK")
            : code === Op.SETITEMS ? this.wrong(kind, [Kind.DICT, Kind.LIST], "sets items of the value below its MARK")
            : this.wrong(kind, [Kind.SET], "adds to the value below its MARK");
          if (bad) return bad;
          if (code === Op.SETITEMS && kind === Kind.DICT) {
            const unh = this.hashable(mark, true, "has a key that is");
            if (unh) return unh;
          }
          if (code === Op.ADDITEMS && kind === Kind.SET) {
            const unh = this.hashable(mark, false, "has an item that is");
            if (unh) return unh;
          }
        }
        st.length = mark;
        return undefined;
      }
      case Op.SETITEM: {
        const why = this.short(3, "a dict, a key and a value");
        if (why) return why;
        const kind = st.at(st.length - 3);
        const bad = this.wrong(kind, [Kind.DICT, Kind.LIST], "sets an item of the value below the key");
        if (bad) return bad;
        if (kind === Kind.DICT) {
          const unh = this.hashable(st.length - 2, true, "has a key that is");
          if (unh) return unh;
        }
        st.length -= 2;
        return undefined;
      }
      case Op.LIST: case Op.TUPLE: case Op.DICT: case Op.FROZENSET: case Op.INST: {
        const mark = this.marks.pop();
        if (mark === undefined) return this.noMark();
        const items = st.length - mark;
        if (code === Op.DICT) {
          if (items % 2 !== 0) return `has ${s(items, "item")} since its MARK, an odd number: keys and values come in pairs`;
          const unh = this.hashable(mark, true, "has a key that is");
          if (unh) return unh;
        }
        if (code === Op.FROZENSET) {
          const unh = this.hashable(mark, false, "has an item that is");
          if (unh) return unh;
        }
        st.length = mark;
        st.push(code === Op.LIST ? Kind.LIST : code === Op.TUPLE ? Kind.TUPLE : code === Op.DICT ? Kind.DICT : code === Op.FROZENSET ? Kind.FROZENSET : Kind.ANY);
        return undefined;
      }
      case Op.OBJ: {
        const mark = this.marks.pop();
        if (mark === undefined) return this.noMark();
        if (st.length - mark < 1) return "takes a class after its MARK, and there is no value there";
        const bad = this.wrong(st.at(mark), [], "makes an object of the class after its MARK");
        if (bad) return bad;
        st.length = mark;
        st.push(Kind.ANY);
        return undefined;
      }
      case Op.TUPLE1: case Op.TUPLE2: case Op.TUPLE3: {
        const n = code - Op.TUPLE1 + 1;
        const why = this.short(n, s(n, "item"));
        if (why) return why;
        st.length -= n;
        st.push(Kind.TUPLE);
        return undefined;
      }
      case Op.STACK_GLOBAL: {
        const why = this.short(2, "a module name and a name");
        if (why) return why;
        const bad = this.wrong(st.at(st.length - 1), [Kind.STR], "takes a name as a str") ?? this.wrong(st.at(st.length - 2), [Kind.STR], "takes a module name as a str");
        if (bad) return bad;
        st.length -= 2;
        st.push(Kind.ANY);
        return undefined;
      }
      case Op.NEWOBJ: case Op.NEWOBJ_EX: {
        const n = code === Op.NEWOBJ ? 2 : 3;
        const why = this.short(n, code === Op.NEWOBJ ? "a class and its arguments" : "a class, its arguments and keyword arguments");
        if (why) return why;
        const top = st.length - 1;
        const bad =
          code === Op.NEWOBJ
            ? this.wrong(st.at(top), [Kind.TUPLE], "takes a tuple of arguments") ?? this.wrong(st.at(top - 1), [], "takes a class below its arguments")
            : this.wrong(st.at(top), [Kind.DICT], "takes a dict of keyword arguments") ?? this.wrong(st.at(top - 1), [Kind.TUPLE], "takes a tuple of arguments") ?? this.wrong(st.at(top - 2), [], "takes a class below its arguments");
        if (bad) return bad;
        st.length -= n;
        st.push(Kind.ANY);
        return undefined;
      }
      case Op.READONLY_BUFFER:
        return this.short(1, "a buffer");
      case Op.GET: case Op.BINGET: case Op.LONG_BINGET: {
        const index = typeof arg === "string" ? memoIndex(arg) : arg;
        if (index === undefined) return `has no memo index: ${JSON.stringify(arg)} is no whole number`;
        const kind = this.memoGet(index);
        if (kind === undefined) return `reads memo entry ${index}, which nothing put there`;
        st.push(kind);
        return undefined;
      }
      case Op.PUT: case Op.BINPUT: case Op.LONG_BINPUT: case Op.MEMOIZE: {
        let index: number | undefined;
        if (code === Op.MEMOIZE) index = this.memoCount;
        else {
          index = typeof arg === "string" ? memoIndex(arg) : arg;
          if (index === undefined) return `has no memo index: ${JSON.stringify(arg)} is no whole number`;
          if (index < 0) return `has a negative memo index (${index})`;
        }
        const why = this.short(1, "the value to keep in the memo");
        if (why) return why;
        this.memoPut(index, st.at(st.length - 1));
        return undefined;
      }
      default:
        // PROTO and FRAME: nothing on the stack.
        return undefined;
    }
  }
}

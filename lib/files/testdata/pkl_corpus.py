# Writes pickles Python makes of common objects (protocols 0-5: containers, numbers, text, bytes, recursive
# references, objects of classes defined here) as good_*.pkl, and mutants of the small ones (an opcode inserted,
# deleted, doubled or swapped; the final STOP kept) as mut_*.pkl, into the folder argv[1]; argv[2] mutants of each.
# Then prints, for every file, Python's verdict reading it as pickle.load does, pickle after pickle to its end:
# "OK", "S ..." (refused for the opcode stream's shape: stack, MARK, memo, truncation) or "X ..." (refused for what
# the objects are or do, which the check does not look at). Globals are restricted to the ones written here, so a
# mutant runs nothing else.
import pickle, pickletools, sys, os, io, random, datetime, decimal, collections
out = sys.argv[1]

class Point:
    def __init__(self, x=0, y=0):
        self.x, self.y = x, y
class Slotted:
    __slots__ = ("a", "b")
    def __init__(self, a=0):
        self.a, self.b = a, [a]
class WithState:
    def __init__(self, v=0):
        self.v = v
    def __getstate__(self):
        return {"v": self.v, "extra": (self.v, "s.")}
    def __setstate__(self, s):
        self.v = s["v"]
class Reduced:
    def __init__(self, n=0):
        self.n = n
    def __reduce__(self):
        return (Reduced, (self.n,))
Pair = collections.namedtuple("Pair", "a b")

def objects():
    ring = [1, "x"]; ring.append(ring)
    selfd = {"k": 1}; selfd["self"] = selfd
    shared = [1.5, 2.5]
    t = ([],); t[0].append(t)
    p = Point(1, 2); p.me = p
    state = {f"model.layers.{i}.weight": [float(j) / 7 for j in range(40)] for i in range(30)}
    state.update({
        "bias": bytes(range(256)), "step": 2**70, "neg": -12345678901234567890, "lr": 1e-3, "names": ("a", "b"),
        "tags": {"x", "y", 3}, "frozen": frozenset({1, 2, "z"}), "buf": bytearray(b"ab.cd"),
        "ints": [0, 1, 255, 256, 65535, 65536, -1, 2**31 - 1, 2**31, -2**31 - 1, 2**63, -(2**64)],
        "floats": [0.0, -0.0, float("inf"), float("-inf"), float("nan"), 1.5, 1e300, 5e-324],
        "text": "ünïcode ✓ text.", "empty": [[], {}, (), set(), frozenset(), b"", "", bytearray()],
        "consts": [True, False, None], "nested": {"a": [{"b": (1, [2, {"c": None}], (3,), (4, 5), (6, 7, 8))}]},
        "objs": [Point(1, 2), Slotted(3), WithState(4), Reduced(5), Pair(1, "b")],
        "odict": collections.OrderedDict([("b", 1), ("a", 2)]), "complex": 1 + 2j,
        "when": datetime.datetime(2026, 1, 2, 3, 4, 5, 6), "dec": decimal.Decimal("1.10"),
        "shared": [shared, shared, {"s": shared}], "big": list(range(3000)), "blob": b"x." * 40_000,
        "longtext": "y." * 70_000, "dictbig": {i: str(i) for i in range(1200)},
    })
    return {"state": state, "ring": ring, "selfd": selfd, "tuple_cycle": t, "point_cycle": p, "list": [1, 2, 3],
            "int": 7, "none": None, "str": "a.b", "set": {1, 2}, "frozenset": frozenset({(1, 2)}), "bytes": b"\x00.", "obj": Point(3, 4)}

def unframed(data):
    """The opcodes of one pickle without its FRAMEs (an unpickler reads them the same), as byte slices."""
    ops = list(pickletools.genops(data))
    parts = []
    for i, (op, arg, pos) in enumerate(ops):
        end = ops[i + 1][2] if i + 1 < len(ops) else len(data)
        if op.name != "FRAME":
            parts.append(data[pos:end])
    return parts

NOARG = [b"(", b"0", b"1", b"2", b".", b"a", b"e", b"t", b"\x85", b"\x86", b"\x87", b"d", b"l", b"s", b"u", b"]", b"}", b")",
         b"\x8f", b"\x90", b"\x91", b"N", b"\x94", b"b", b"R", b"\x93", b"\x81"]

corpus = []
for name, obj in objects().items():
    for proto in range(6):
        try:
            data = pickle.dumps(obj, protocol=proto)
        except Exception as e:
            continue
        fn = f"good_{name}_p{proto}.pkl"
        open(os.path.join(out, fn), "wb").write(data)
        corpus.append((fn, data))
# Several pickles in one file, as pickle.dump in append mode writes them.
multi = pickle.dumps({"a.b": 1}, protocol=0) + pickle.dumps([1, 2], protocol=2) + pickle.dumps(Point(1, 1), protocol=5)
open(os.path.join(out, "good_multi.pkl"), "wb").write(multi)
corpus.append(("good_multi.pkl", multi))

rnd = random.Random(20261202)
small = [(fn, d) for fn, d in corpus if len(d) < 4000 and fn != "good_multi.pkl"]
mutants = 0
for fn, data in small:
    parts = unframed(data)
    for k in range(int(sys.argv[2])):
        p = list(parts)
        kind = rnd.randrange(4)
        # The final STOP stays last: a file that does not end in one fails the envelope check, before any stack.
        i = rnd.randrange(len(p) - 1)
        if kind == 0: p.insert(i, rnd.choice(NOARG))
        elif kind == 1 and len(p) > 2: del p[i]
        elif kind == 2: p.insert(i, p[i])
        elif i + 2 < len(p): p[i], p[i + 1] = p[i + 1], p[i]
        else: p.insert(i, rnd.choice(NOARG))
        open(os.path.join(out, f"mut_{mutants}.pkl"), "wb").write(b"".join(p))
        mutants += 1

ALLOWED = {("__main__", n) for n in ("Point", "Slotted", "WithState", "Reduced", "Pair")} | {
    ("copyreg", "_reconstructor"), ("copy_reg", "_reconstructor"), ("builtins", "object"), ("__builtin__", "object"),
    ("builtins", "set"), ("builtins", "frozenset"), ("builtins", "bytearray"), ("builtins", "complex"), ("__builtin__", "set"),
    ("__builtin__", "frozenset"), ("__builtin__", "bytearray"), ("__builtin__", "complex"), ("builtins", "bytes"), ("__builtin__", "bytes"),
    ("_codecs", "encode"), ("collections", "OrderedDict"), ("datetime", "datetime"), ("decimal", "Decimal"), ("copyreg", "__newobj__"),
}
class Restricted(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) not in ALLOWED:
            raise pickle.UnpicklingError(f"refused global {module}.{name}")
        return super().find_class(module, name)

STRUCTURAL = ("stack underflow", "unexpected MARK", "could not find MARK", "Memo value not found", "odd number of items", "truncated", "negative PUT")
for fn in sorted(os.listdir(out)):
    data = open(os.path.join(out, fn), "rb").read()
    f = io.BytesIO(data)
    try:
        while f.tell() < len(data):
            Restricted(f).load()
        verdict = "OK"
    except EOFError as e:
        verdict = "S EOFError"
    except Exception as e:
        msg = str(e)
        verdict = ("S " if isinstance(e, (pickle.UnpicklingError, ValueError)) and any(s in msg for s in STRUCTURAL) else "X ") + type(e).__name__ + ": " + msg.replace("\n", " ")[:100]
    print(fn, verdict)

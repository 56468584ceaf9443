// MemoryBound: past the soft resident size, collects once the heap grew by half its size after the last collection (at least 6 MiB), not before.
import { describe, expect, test } from "bun:test";
import { MemoryBound, MIN_HEAP_GROWTH_BYTES } from "./memory-bound.ts";

const MiB = 1024 * 1024;

/** A heap and a resident size the test sets; a collection brings the heap down to `live`. */
function fakeHeap(start: number) {
  const heap = { size: start, live: start, rss: 200 * MiB, collections: 0 };
  const bound = new MemoryBound(
    () => heap.size,
    () => {
      heap.collections++;
      heap.size = heap.live;
    },
    () => heap.rss,
    100 * MiB,
  );
  /** Sets the heap to `size`, checks, and returns how many collections there have been. */
  const grownTo = (size: number) => {
    heap.size = size;
    bound.check();
    return heap.collections;
  };
  return { heap, bound, grownTo };
}

describe("MemoryBound", () => {
  test("a small heap may grow by the minimum before it is collected", () => {
    const { heap, grownTo } = fakeHeap(2 * MiB);
    expect(grownTo(2 * MiB + MIN_HEAP_GROWTH_BYTES - 1)).toBe(0);
    expect(grownTo(2 * MiB + MIN_HEAP_GROWTH_BYTES)).toBe(1);
    expect(heap.size).toBe(2 * MiB);
  });

  test("a large heap may grow by half its size after the last collection", () => {
    const { heap, grownTo } = fakeHeap(40 * MiB);
    expect(grownTo(59 * MiB)).toBe(0);
    heap.live = 50 * MiB;
    expect(grownTo(60 * MiB)).toBe(1);
    expect(grownTo(74 * MiB)).toBe(1);
    expect(grownTo(75 * MiB)).toBe(2);
  });

  test("below the soft resident size nothing is collected, however the heap grew", () => {
    const { heap, grownTo } = fakeHeap(2 * MiB);
    heap.rss = 100 * MiB - 1;
    expect(grownTo(90 * MiB)).toBe(0);
    heap.rss = 100 * MiB;
    expect(grownTo(90 * MiB)).toBe(1);
  });
});

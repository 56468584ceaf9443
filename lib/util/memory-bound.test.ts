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
  return { heap, bound };
}

describe("MemoryBound", () => {
  test("a small heap may grow by the minimum before it is collected", () => {
    const { heap, bound } = fakeHeap(2 * MiB);
    heap.size = 2 * MiB + MIN_HEAP_GROWTH_BYTES - 1;
    bound.check();
    expect(heap.collections).toBe(0);
    heap.size = 2 * MiB + MIN_HEAP_GROWTH_BYTES;
    bound.check();
    expect(heap.collections).toBe(1);
    expect(heap.size).toBe(2 * MiB);
  });

  test("a large heap may grow by half its size after the last collection", () => {
    const { heap, bound } = fakeHeap(40 * MiB);
    heap.size = 59 * MiB;
    bound.check();
    expect(heap.collections).toBe(0);
    heap.size = 60 * MiB;
    heap.live = 50 * MiB;
    bound.check();
    expect(heap.collections).toBe(1);
    heap.size = 74 * MiB;
    bound.check();
    expect(heap.collections).toBe(1);
    heap.size = 75 * MiB;
    bound.check();
    expect(heap.collections).toBe(2);
  });

  test("below the soft resident size nothing is collected, however the heap grew", () => {
    const { heap, bound } = fakeHeap(2 * MiB);
    heap.rss = 100 * MiB - 1;
    heap.size = 90 * MiB;
    bound.check();
    expect(heap.collections).toBe(0);
    heap.rss = 100 * MiB;
    bound.check();
    expect(heap.collections).toBe(1);
  });
});

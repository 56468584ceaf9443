// Keeps a long scan's memory flat: a full garbage collection each time the JS heap has grown by a set share.

const MiB = 1024 * 1024;

/** Least heap growth allowed between two collections during a scan. */
export const MIN_HEAP_GROWTH_BYTES = 4 * MiB;

/**
 * Calls `collect` when `heapSize()` has grown past the size after the last collection by half of it (at least
 * MIN_HEAP_GROWTH_BYTES). JavaScriptCore collects late while both cores are busy, and its heap grows meanwhile:
 * collecting on growth keeps the peak near what the scan holds, at a cost that shrinks as the heap grows.
 */
export class MemoryBound {
  private next: number;

  constructor(
    private readonly heapSize: () => number = () => process.memoryUsage().heapTotal,
    private readonly collect: () => void = () => Bun.gc(true),
  ) {
    this.next = this.limitAbove(heapSize());
  }

  /** Cheap (one read of the heap's size, ~10 µs); call every few MiB of a scan. */
  check(): void {
    if (this.heapSize() < this.next) return;
    this.collect();
    this.next = this.limitAbove(this.heapSize());
  }

  private limitAbove(size: number): number {
    return size + Math.max(MIN_HEAP_GROWTH_BYTES, size / 2);
  }
}

/** This thread's bound (each thread collects its own heap). */
export const scanMemory = new MemoryBound();

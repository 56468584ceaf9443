// Keeps a long scan's memory flat: past a resident size, a full garbage collection each time the JS heap (with what it holds outside) grew by half.

const MiB = 1024 * 1024;

/** Resident size below which a scan leaves collection to the engine. */
export const SOFT_RSS_BYTES = 80 * MiB;

/** Least heap growth between two collections (smaller: lower peaks, more collections; 4 MiB cost the 1 GiB regex scan ~75% more CPU). */
export const MIN_HEAP_GROWTH_BYTES = 6 * MiB;

/**
 * Calls `collect` when the process is past `soft` resident bytes and `heapSize()` (default: the heap and its
 * external memory) has grown past the size after the last collection by half of it (at least
 * MIN_HEAP_GROWTH_BYTES). JavaScriptCore collects late while both cores are busy, and the process keeps what it
 * grew to: collecting on growth keeps the peak near what the scan holds, at a cost that shrinks as the heap grows.
 */
export class MemoryBound {
  private next: number;

  constructor(
    private readonly heapSize: () => number = heapAndExternal,
    private readonly collect: () => void = () => Bun.gc(true),
    private readonly rss: () => number = () => process.memoryUsage.rss(),
    private readonly soft = SOFT_RSS_BYTES,
  ) {
    this.next = this.limitAbove(heapSize());
  }

  /** Cheap (reads the heap's and the process's sizes, tens of µs); call every few MiB of a scan. */
  check(): void {
    if (this.rss() < this.soft || this.heapSize() < this.next) return;
    this.collect();
    this.next = this.limitAbove(this.heapSize());
  }

  private limitAbove(size: number): number {
    return size + Math.max(MIN_HEAP_GROWTH_BYTES, size / 2);
  }
}

/** This thread's bound (each thread collects its own heap). */
export const scanMemory = new MemoryBound();

/** The JS heap and the memory its objects hold outside it (large strings, buffers): a scan's garbage shows in either. */
function heapAndExternal(): number {
  const m = process.memoryUsage();
  return m.heapTotal + m.external;
}

/** A callback due at a virtual time. */
export interface Timer {
  at: number;
  /** Insertion order: breaks ties between equal times so runs are deterministic. */
  seq: number;
  run: () => void;
}

/**
 * A binary min-heap of timers ordered by (time, insertion order). Hand-written rather than a sorted array because
 * simulations push millions of timers and need O(log n) inserts.
 */
export class TimerQueue {
  private readonly heap: Timer[] = [];
  private nextSeq = 0;

  /** Number of pending timers. */
  get size(): number {
    return this.heap.length;
  }

  /** Adds `run` due at `at`. */
  push(at: number, run: () => void): void {
    const heap = this.heap;
    const timer: Timer = { at, seq: this.nextSeq++, run };
    let i = heap.length;
    heap.push(timer);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(timer, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = timer;
  }

  /** The earliest timer without removing it. */
  peek(): Timer | undefined {
    return this.heap[0];
  }

  /** Removes and returns the earliest timer. */
  pop(): Timer | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(heap[right]!, heap[left]!) ? right : left;
      if (!before(heap[child]!, last)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/** A fixed-size ring of the last `size` values with their running sum and sum of squares. */
export class RollingWindow {
  private readonly values: Float64Array;
  private next = 0;
  private filled = 0;
  sum = 0;
  sumSquares = 0;

  readonly size: number;

  constructor(size: number) {
    this.size = size;
    if (!Number.isInteger(size) || size < 1) throw new Error(`window size must be a positive integer, got ${size}`);
    this.values = new Float64Array(size);
  }

  push(value: number): void {
    if (this.filled === this.size) {
      const old = this.values[this.next]!;
      this.sum -= old;
      this.sumSquares -= old * old;
    } else {
      this.filled++;
    }
    this.values[this.next] = value;
    this.sum += value;
    this.sumSquares += value * value;
    this.next = this.next + 1 === this.size ? 0 : this.next + 1;
  }

  get full(): boolean {
    return this.filled === this.size;
  }

  get count(): number {
    return this.filled;
  }

  get mean(): number {
    return this.sum / this.filled;
  }

  /** Population variance (divides by n), floored at 0 against rounding. */
  get variance(): number {
    const m = this.sum / this.filled;
    return Math.max(0, this.sumSquares / this.filled - m * m);
  }

  /** The value pushed `ago` pushes back (0 = latest). */
  at(ago: number): number {
    return this.values[(this.next - 1 - ago + 2 * this.size) % this.size]!;
  }
}

/** Maximum (or minimum) of the last `size` values in amortised O(1), with a monotonic deque. */
export class RollingExtreme {
  private readonly values: Float64Array;
  private readonly index: Float64Array;
  private head = 0;
  private tail = 0;
  private seen = 0;

  readonly size: number;
  private readonly kind: 'max' | 'min';

  constructor(size: number, kind: 'max' | 'min') {
    this.size = size;
    this.kind = kind;
    this.values = new Float64Array(size + 1);
    this.index = new Float64Array(size + 1);
  }

  push(value: number): number {
    const cap = this.size + 1;
    const max = this.kind === 'max';
    while (this.head !== this.tail) {
      const last = this.tail === 0 ? cap - 1 : this.tail - 1;
      const v = this.values[last]!;
      if (max ? value < v : value > v) break;
      this.tail = last;
    }
    this.values[this.tail] = value;
    this.index[this.tail] = this.seen;
    this.tail = this.tail + 1 === cap ? 0 : this.tail + 1;
    if (this.index[this.head]! <= this.seen - this.size) this.head = this.head + 1 === cap ? 0 : this.head + 1;
    this.seen++;
    return this.values[this.head]!;
  }

  get full(): boolean {
    return this.seen >= this.size;
  }
}

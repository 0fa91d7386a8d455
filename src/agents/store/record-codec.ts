/**
 * A backtest block's own binary format (issue 19, decision 1: no generic canonical JSON on a
 * backtest's hot path). It is self-describing, so a block decodes on its own and needs no schema
 * kept beside it:
 *
 * - the block starts with MAGIC (0xc1, a byte MessagePack never uses, so it cannot be mistaken for a
 *   block of the earlier format) and FORMAT_VERSION;
 * - then its records, one value each;
 * - an object's shape (its keys, in order) is written the first time the block meets it and named
 *   by its number after;
 * - a string is written in full and numbered in the order strings are written; a string the encoder
 *   still holds in its slot (1,024 slots, by length and three characters) is written as that number
 *   instead (a record's decision id, instrument id and agent ids repeat within and across records;
 *   a slot lost to another string only costs bytes, and the decoder needs no slots);
 * - a number that is a 32-bit integer is a zig-zag varint, any other a little-endian float64, so
 *   every number comes back bit for bit (−0 and NaN too).
 *
 * The encoder writes into one buffer it reuses from block to block; shapes are found by walking a
 * tree of keys whose nodes remember the key they last went on with, so a record of a shape already met
 * costs no lookup of its own. On `bench backtest`'s records: ~1 µs and 235 bytes a record, where
 * msgpackr's records took ~3–5 µs and 348 bytes.
 */

export const MAGIC = 0xc1;
export const FORMAT_VERSION = 1;

/** A value's first byte. */
const Tag = {
  Null: 0,
  Undefined: 1,
  False: 2,
  True: 3,
  Int: 4,
  Float: 5,
  NewString: 6,
  StringRef: 7,
  Array: 8,
  NewShape: 9,
  ShapeRef: 10,
} as const;

/** A node of the shape tree: the keys so far; `id` ≥ 0 once an object has ended here. */
interface ShapeNode {
  id: number;
  lastKey: string | null;
  lastNext: ShapeNode | null;
  next: Map<string, ShapeNode> | null;
}

const SLOT_MASK = 1023;
/** Up to this many characters a string is copied by a loop here; a longer one by Node's encoder (faster past ~16). */
const SHORT_STRING = 16;

const shapeNode = (): ShapeNode => ({ id: -1, lastKey: null, lastNext: null, next: null });

function step(node: ShapeNode, key: string): ShapeNode {
  if (node.lastKey === key) return node.lastNext!;
  let next = node.next?.get(key);
  if (!next) {
    next = shapeNode();
    (node.next ??= new Map()).set(key, next);
  }
  node.lastKey = key;
  node.lastNext = next;
  return next;
}

/** Encodes records into one block's bytes; `take` returns them and starts the next block afresh. */
export class RecordEncoder {
  private buf = Buffer.alloc(1 << 16);
  private view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  private pos = 0;
  private slotStrings: (string | null)[] = new Array<string | null>(SLOT_MASK + 1).fill(null);
  private slotIndex = new Int32Array(SLOT_MASK + 1);
  private stringCount = 0;
  private root = shapeNode();
  private shapes = 0;

  constructor() {
    this.reset();
  }

  /**
   * Appends one record (a plain object of JSON-like values; `undefined` is kept). A record that
   * cannot be encoded throws and leaves the block as it was: its bytes are taken back, and the
   * strings and shapes it had numbered are forgotten (the next record writes them again).
   */
  encode(record: object): void {
    const pos = this.pos;
    const strings = this.stringCount;
    const shapes = this.shapes;
    try {
      this.value(record);
    } catch (err) {
      this.pos = pos;
      this.forget(strings, shapes);
      throw err;
    }
  }

  /** The block's bytes (a copy), and the encoder emptied for the next block. */
  take(): Uint8Array {
    const out = new Uint8Array(this.buf.subarray(0, this.pos));
    this.reset();
    return out;
  }

  private reset(): void {
    this.pos = 0;
    this.forget(0, 0);
    this.buf[this.pos++] = MAGIC;
    this.buf[this.pos++] = FORMAT_VERSION;
  }

  /** Forgets every string and shape met, numbering the next ones from `strings` and `shapes`. */
  private forget(strings: number, shapes: number): void {
    this.slotStrings.fill(null);
    this.stringCount = strings;
    this.root = shapeNode();
    this.shapes = shapes;
  }

  private ensure(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + bytes) size *= 2;
    const grown = Buffer.alloc(size);
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
    this.view = new DataView(grown.buffer, grown.byteOffset, grown.byteLength);
  }

  private varint(n: number): void {
    const buf = this.buf;
    while (n > 0x7f) {
      buf[this.pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    buf[this.pos++] = n;
  }

  private value(v: unknown): void {
    this.ensure(10);
    switch (typeof v) {
      case 'number':
        if ((v | 0) === v && (v !== 0 || 1 / v > 0)) {
          this.buf[this.pos++] = Tag.Int;
          this.varint(((v << 1) ^ (v >> 31)) >>> 0);
        } else {
          this.buf[this.pos++] = Tag.Float;
          this.view.setFloat64(this.pos, v, true);
          this.pos += 8;
        }
        return;
      case 'string':
        return this.string(v);
      case 'boolean':
        this.buf[this.pos++] = v ? Tag.True : Tag.False;
        return;
      case 'undefined':
        this.buf[this.pos++] = Tag.Undefined;
        return;
      case 'object':
        if (v === null) this.buf[this.pos++] = Tag.Null;
        else if (Array.isArray(v)) this.array(v);
        else this.object(v as Record<string, unknown>);
        return;
      default:
        throw new TypeError(`a journal record cannot hold a ${typeof v}`);
    }
  }

  private array(a: readonly unknown[]): void {
    this.buf[this.pos++] = Tag.Array;
    this.varint(a.length);
    for (let i = 0; i < a.length; i++) this.value(a[i]);
  }

  private object(o: Record<string, unknown>): void {
    let node = this.root;
    let keys = 0;
    for (const k in o) {
      node = step(node, k);
      keys++;
    }
    if (node.id >= 0) {
      this.buf[this.pos++] = Tag.ShapeRef;
      this.varint(node.id);
    } else {
      node.id = this.shapes++;
      this.buf[this.pos++] = Tag.NewShape;
      this.varint(keys);
      for (const k in o) this.string(k);
    }
    for (const k in o) this.value(o[k]);
  }

  private string(s: string): void {
    const n = s.length;
    const slot = n === 0 ? 0 : (n * 7 + s.charCodeAt(n - 1) * 31 + s.charCodeAt(n >> 1) * 131 + s.charCodeAt(0)) & SLOT_MASK;
    if (this.slotStrings[slot] === s) {
      this.ensure(6);
      this.buf[this.pos++] = Tag.StringRef;
      this.varint(this.slotIndex[slot]!);
      return;
    }
    this.slotStrings[slot] = s;
    this.slotIndex[slot] = this.stringCount++;
    this.ensure(6 + n * 3);
    const start = this.pos;
    this.buf[this.pos++] = Tag.NewString;
    if (n > SHORT_STRING) return this.utf8(s, start);
    this.varint(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) return this.utf8(s, start);
      buf[p++] = c;
    }
    this.pos = p;
  }

  /**
   * A long string, or one that is not all ASCII: written by Node's UTF-8 encoder after its tag at
   * `start`, its byte length before it in as many varint bytes as its longest UTF-8 (3 bytes a
   * character) would need, the spare ones padded (0x80 … 0x00), so the length is known only after.
   */
  private utf8(s: string, start: number): void {
    const n = s.length;
    const width = n < 43 ? 1 : n < 5462 ? 2 : 5;
    const at = start + 1;
    const written = this.buf.write(s, at + width);
    let v = written;
    for (let i = 0; i < width - 1; i++) {
      this.buf[at + i] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[at + width - 1] = v;
    this.pos = at + width + written;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a block written by RecordEncoder: its records, in order. Throws on bytes it cannot read, naming where. */
export function decodeRecords(bytes: Uint8Array): unknown[] {
  if (bytes[0] !== MAGIC) throw new Error('it is not a block of records');
  if (bytes[1] !== FORMAT_VERSION) throw new Error(`its format ${bytes[1] ?? '(none)'} is not one this version reads (${FORMAT_VERSION})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const strings: string[] = [];
  const shapes: string[][] = [];
  let pos = 2;
  const fail = (what: string): never => {
    throw new Error(`${what} at byte ${pos}`);
  };
  const byte = () => (pos < bytes.length ? bytes[pos++]! : fail('it ends inside a value'));
  const varint = () => {
    let n = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = byte();
      n += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return n;
    }
    return fail('a length runs on');
  };
  const string = (tag: number): string => {
    if (tag === Tag.StringRef) return strings[varint()] ?? fail('a string it has not met');
    if (tag !== Tag.NewString) return fail(`a key that is not a string (tag ${tag})`);
    const n = varint();
    if (pos + n > bytes.length) fail('it ends inside a string');
    const s = utf8.decode(bytes.subarray(pos, pos + n));
    pos += n;
    strings.push(s);
    return s;
  };
  const fields = (keys: readonly string[]) => {
    const o: Record<string, unknown> = {};
    for (const k of keys)
      // A key named __proto__ (JSON.parse makes one) is an own field, not the object's prototype.
      if (k === '__proto__') Object.defineProperty(o, k, { value: value(), enumerable: true, writable: true, configurable: true });
      else o[k] = value();
    return o;
  };
  const value = (): unknown => {
    const tag = byte();
    switch (tag) {
      case Tag.Null:
        return null;
      case Tag.Undefined:
        return undefined;
      case Tag.False:
        return false;
      case Tag.True:
        return true;
      case Tag.Int: {
        const z = varint();
        return z % 2 ? -(z + 1) / 2 : z / 2;
      }
      case Tag.Float: {
        if (pos + 8 > bytes.length) fail('it ends inside a number');
        const f = view.getFloat64(pos, true);
        pos += 8;
        return f;
      }
      case Tag.NewString:
      case Tag.StringRef:
        return string(tag);
      case Tag.Array: {
        const n = varint();
        if (n > bytes.length - pos) fail('an array longer than the block');
        const a: unknown[] = new Array(n);
        for (let i = 0; i < n; i++) a[i] = value();
        return a;
      }
      case Tag.NewShape: {
        const n = varint();
        if (n > bytes.length - pos) fail('an object with more keys than the block has bytes');
        const keys: string[] = [];
        for (let i = 0; i < n; i++) keys.push(string(byte()));
        shapes.push(keys);
        return fields(keys);
      }
      case Tag.ShapeRef:
        return fields(shapes[varint()] ?? fail('an object shape it has not met'));
      default:
        return fail(`an unknown tag ${tag}`);
    }
  };
  const records: unknown[] = [];
  while (pos < bytes.length) records.push(value());
  return records;
}

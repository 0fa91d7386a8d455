/** The few protobuf wire-format pieces ONNX files need: varints, length-delimited fields, fixed32. */
export class ProtoWriter {
  private readonly parts: Uint8Array[] = [];

  private varint(value: number | bigint): void {
    let v = BigInt(value);
    if (v < 0n) v = BigInt.asUintN(64, v);
    const bytes: number[] = [];
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) byte |= 0x80;
      bytes.push(byte);
    } while (v > 0n);
    this.parts.push(Uint8Array.from(bytes));
  }

  private tag(field: number, wireType: number): void {
    this.varint((field << 3) | wireType);
  }

  int(field: number, value: number | bigint): this {
    this.tag(field, 0);
    this.varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.parts.push(b);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2);
    this.varint(value.length);
    this.parts.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    const total = this.parts.reduce((n, p) => n + p.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

export interface ProtoField {
  field: number;
  wireType: number;
  /** Varint value (wire type 0), as a bigint to keep 64-bit values whole. */
  int?: bigint;
  /** Payload of a length-delimited (2) or fixed (1, 5) field. */
  bytes?: Uint8Array;
}

/** Splits one message into its fields; throws a `ProtoError` naming the byte offset on bad input. */
export function readFields(buf: Uint8Array): ProtoField[] {
  const fields: ProtoField[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= buf.length) throw new ProtoError(`truncated varint at byte ${pos}`);
      const byte = buf[pos++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return result;
      shift += 7n;
      if (shift > 63n) throw new ProtoError(`varint longer than 10 bytes at byte ${pos}`);
    }
  };
  const take = (n: number): Uint8Array => {
    if (n < 0 || pos + n > buf.length) throw new ProtoError(`field runs past the end (needs ${n} bytes at byte ${pos} of ${buf.length})`);
    const out = buf.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const field = key >>> 3;
    const wireType = key & 7;
    if (field === 0) throw new ProtoError(`field number 0 at byte ${pos}`);
    if (wireType === 0) fields.push({ field, wireType, int: varint() });
    else if (wireType === 1) fields.push({ field, wireType, bytes: take(8) });
    else if (wireType === 2) fields.push({ field, wireType, bytes: take(Number(varint())) });
    else if (wireType === 5) fields.push({ field, wireType, bytes: take(4) });
    else throw new ProtoError(`unsupported wire type ${wireType} at byte ${pos}`);
  }
  return fields;
}

export class ProtoError extends Error {}

export const decodeText = (b: Uint8Array | undefined) => (b ? new TextDecoder('utf-8', { fatal: false }).decode(b) : '');

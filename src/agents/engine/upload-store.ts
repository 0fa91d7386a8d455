import type { Clock } from './clock.ts';

interface Upload {
  fileName: string;
  bytes: Buffer;
  received: number;
  lastActivity: number;
}

/** Uploads nobody finished are dropped after this long without a chunk. */
const IDLE_MS = 10 * 60_000;
/** All unfinished uploads together may hold at most this much memory. */
const MAX_PENDING_BYTES = 400 * 1024 * 1024;

/**
 * Files arriving in chunks (uploads.contract.ts), held until one request takes them whole. Chunks
 * must arrive in order; a wrong offset, an overflow or an unknown id is refused with the numbers.
 */
export class UploadStore {
  private readonly clock: Clock;
  private readonly uploads = new Map<string, Upload>();
  private next = 1;

  constructor(clock: Clock) {
    this.clock = clock;
  }

  begin(fileName: string, totalBytes: number): string {
    this.dropIdle();
    const pending = [...this.uploads.values()].reduce((s, u) => s + u.bytes.length, 0);
    if (pending + totalBytes > MAX_PENDING_BYTES)
      throw new Error(`too many unfinished uploads (${Math.round(pending / 1e6)} MB); finish or wait ${IDLE_MS / 60_000} minutes`);
    const id = `upload-${this.clock.now()}-${this.next++}`;
    this.uploads.set(id, { fileName, bytes: Buffer.alloc(totalBytes), received: 0, lastActivity: this.clock.now() });
    return id;
  }

  chunk(uploadId: string, offset: number, dataBase64: string): number {
    const u = this.get(uploadId);
    if (offset !== u.received) throw new Error(`upload ${uploadId}: expected the chunk at byte ${u.received}, got one at ${offset}`);
    const data = Buffer.from(dataBase64, 'base64');
    if (u.received + data.length > u.bytes.length)
      throw new Error(`upload ${uploadId}: ${u.received + data.length} bytes sent for a file of ${u.bytes.length}`);
    data.copy(u.bytes, u.received);
    u.received += data.length;
    u.lastActivity = this.clock.now();
    return u.received;
  }

  /** The whole file, once every byte has arrived; the upload is then forgotten. */
  take(uploadId: string): { fileName: string; bytes: Uint8Array } {
    const u = this.get(uploadId);
    if (u.received !== u.bytes.length) throw new Error(`upload ${uploadId} is incomplete: ${u.received} of ${u.bytes.length} bytes`);
    this.uploads.delete(uploadId);
    return { fileName: u.fileName, bytes: new Uint8Array(u.bytes.buffer, u.bytes.byteOffset, u.bytes.length) };
  }

  private get(uploadId: string): Upload {
    this.dropIdle();
    const u = this.uploads.get(uploadId);
    if (!u) throw new Error(`no upload ${uploadId} (finished, expired after ${IDLE_MS / 60_000} idle minutes, or never begun)`);
    return u;
  }

  private dropIdle(): void {
    const now = this.clock.now();
    for (const [id, u] of this.uploads) if (now - u.lastActivity > IDLE_MS) this.uploads.delete(id);
  }
}

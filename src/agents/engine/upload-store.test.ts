import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ServiceRegistry } from '../../shared/contracts/rpc-server.ts';
import { sendUpload, toBase64 } from '../../shared/contracts/send-upload.ts';
import { UPLOAD_CHUNK_BYTES, uploadsContract } from '../../shared/contracts/uploads.contract.ts';
import { TestClock } from './clock.ts';
import { UploadStore } from './upload-store.ts';

describe('chunked uploads', () => {
  it('encodes base64 exactly as Node does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      }),
    );
  });

  it('reassembles a file of several chunks through the contract, byte for byte', async () => {
    const store = new UploadStore(new TestClock(0));
    const registry = new ServiceRegistry();
    registry.register(uploadsContract, {
      begin: ({ fileName, totalBytes }) => ({ uploadId: store.begin(fileName, totalBytes), chunkBytes: UPLOAD_CHUNK_BYTES }),
      chunk: ({ uploadId, offset, dataBase64 }) => ({ received: store.chunk(uploadId, offset, dataBase64) }),
    });
    const bytes = new Uint8Array(2.5 * UPLOAD_CHUNK_BYTES).map((_, i) => (i * 7) % 251);
    const progress: number[] = [];
    const id = await sendUpload(registry.local, 'model.onnx', bytes, (sent) => progress.push(sent));
    expect(progress).toEqual([UPLOAD_CHUNK_BYTES, 2 * UPLOAD_CHUNK_BYTES, bytes.length]);
    const taken = store.take(id);
    expect(taken.fileName).toBe('model.onnx');
    expect(Buffer.from(taken.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(() => store.take(id)).toThrow(/no upload/);
  });

  it('refuses a chunk out of order, too many bytes, an unfinished file and an idle one, with the numbers', () => {
    const clock = new TestClock(0);
    const store = new UploadStore(clock);
    const id = store.begin('a.csv', 4);
    expect(() => store.chunk(id, 2, 'AAA=')).toThrow('expected the chunk at byte 0, got one at 2');
    expect(store.chunk(id, 0, Buffer.from('ab').toString('base64'))).toBe(2);
    expect(() => store.take(id)).toThrow('is incomplete: 2 of 4 bytes');
    expect(() => store.chunk(id, 2, Buffer.from('cde').toString('base64'))).toThrow('5 bytes sent for a file of 4');
    clock.advanceBy(11 * 60_000);
    expect(() => store.chunk(id, 2, Buffer.from('cd').toString('base64'))).toThrow(/no upload .* expired after 10 idle minutes/);
  });
});

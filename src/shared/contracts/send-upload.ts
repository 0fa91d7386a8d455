import { createClient } from './rpc-client.ts';
import type { RpcCall } from './rpc-client.ts';
import { UPLOAD_CHUNK_BYTES, uploadsContract } from './uploads.contract.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with padding (shared code has neither Buffer nor btoa). */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += ALPHABET[a >> 2]! + ALPHABET[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    out += b === undefined ? '=' : ALPHABET[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    out += c === undefined ? '=' : ALPHABET[c & 63]!;
  }
  return out;
}

/**
 * Sends a file to the engine in chunks (uploads.contract.ts) and returns the upload id a request
 * then takes it by. `onProgress` hears the bytes sent so far.
 */
export async function sendUpload(
  call: RpcCall,
  fileName: string,
  bytes: Uint8Array,
  onProgress?: (sent: number, total: number) => void,
): Promise<string> {
  const uploads = createClient(uploadsContract, call);
  const { uploadId, chunkBytes } = await uploads.begin({ fileName, totalBytes: bytes.length });
  const step = Math.min(chunkBytes, UPLOAD_CHUNK_BYTES);
  for (let offset = 0; offset < bytes.length; offset += step) {
    const { received } = await uploads.chunk({ uploadId, offset, dataBase64: toBase64(bytes.subarray(offset, offset + step)) });
    onProgress?.(received, bytes.length);
  }
  return uploadId;
}

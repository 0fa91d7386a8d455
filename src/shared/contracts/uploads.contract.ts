import { z } from 'zod';
import { defineContract } from './contract.ts';

/** A file travels in chunks of this many bytes (about 1.4 MB once in base64). */
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;
/** The largest file the engine takes (a model; a bars CSV is far smaller). */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
/**
 * The largest WebSocket frame `quorum serve` accepts: a chunk with its envelope, and room to spare.
 * A frame may not be larger than what the protocol needs: a 200 MB one had frozen the engine long
 * enough for the heartbeat to kill it.
 */
export const MAX_WIRE_FRAME_BYTES = 4 * 1024 * 1024;

const base64Chunk = z
  .string()
  .min(1)
  .max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4);

/**
 * Files from the trader's machine (models, bars CSVs), sent in chunks to the engine, which keeps
 * them in memory until one request takes them whole (`models.import`, `backtests.importData`).
 */
export const uploadsContract = defineContract('uploads', {
  begin: {
    input: z.object({ fileName: z.string().min(1).max(500), totalBytes: z.number().int().min(1).max(MAX_UPLOAD_BYTES) }).strict(),
    output: z.object({ uploadId: z.string(), chunkBytes: z.number().int() }),
  },
  chunk: {
    input: z.object({ uploadId: z.string().min(1), offset: z.number().int().min(0), dataBase64: base64Chunk }).strict(),
    output: z.object({ received: z.number().int() }),
  },
});

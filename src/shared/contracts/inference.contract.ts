import { z } from 'zod';
import { defineContract } from './contract.ts';

/** Served by the inference process to the engine. */
export const inferenceContract = defineContract('inference', {
  status: {
    input: z.object({}).strict(),
    output: z.object({
      runtime: z.string(),
      version: z.string(),
      backends: z.array(z.string()),
      models: z.array(z.object({ id: z.string(), provider: z.string() })),
    }),
  },
});

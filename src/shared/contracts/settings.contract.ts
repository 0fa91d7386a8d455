import { z } from 'zod';
import { ProfileSettingsSchema, SettingSourceSchema } from '../domain/settings.ts';
import { defineContract } from './contract.ts';

const ProblemSchema = z.object({ path: z.string(), message: z.string() });

/** The profile's settings (`<data>/settings.json` under the environment and `--set` flags), as the Settings dialog and `quorum config` use them. */
export const settingsContract = defineContract('settings', {
  /** What this session runs with, where each value comes from, and the file as it is now. */
  get: {
    input: z.object({}).strict(),
    output: z.object({
      settings: ProfileSettingsSchema,
      sources: z.record(z.string(), SettingSourceSchema),
      file: z.record(z.string(), z.unknown()),
      /** Where the file is. */
      path: z.string(),
    }),
  },
  /**
   * Changes settings in the file (a value of null takes one out, back to its default): checked whole,
   * every problem named by its field and nothing written when there is one; else journaled
   * (`SettingsChanged`), written, and the engine restarts on them.
   */
  save: {
    input: z
      .object({
        edits: z.array(z.object({ path: z.string().min(1), value: z.unknown() }).strict()).min(1),
        by: z.enum(['cli', 'ui']).default('ui'),
      })
      .strict(),
    output: z.object({ saved: z.boolean(), problems: z.array(ProblemSchema), message: z.string() }),
  },
});

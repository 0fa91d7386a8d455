import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const WindowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400),
  height: z.number().int().min(300),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

/** How much of the title bar must be on a screen for a remembered position to be used. */
const VISIBLE_WIDTH = 120;
const VISIBLE_HEIGHT = 40;

/**
 * Where the window was when it was last moved, resized or closed, if that is still on one of the
 * screens (a monitor unplugged since would leave it out of reach: then the size is kept, and the
 * window is centred). A missing or unreadable file gives null: the default size.
 */
export function loadWindowState(file: string, workAreas: readonly Rect[]): { state: WindowState; positioned: boolean } | null {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  const parsed = WindowStateSchema.safeParse(raw);
  if (!parsed.success) return null;
  const state = parsed.data;
  const positioned = workAreas.some((a) => overlap(a.x, a.width, state.x, state.width) >= VISIBLE_WIDTH && titleBarInside(a, state));
  return { state, positioned };
}

function overlap(a: number, aLength: number, b: number, bLength: number): number {
  return Math.min(a + aLength, b + bLength) - Math.max(a, b);
}

function titleBarInside(area: Rect, s: WindowState): boolean {
  return s.y >= area.y && s.y + VISIBLE_HEIGHT <= area.y + area.height;
}

/** Written whole to a temporary file and renamed over the old one: a crash never leaves half a file. */
export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(state));
  renameSync(`${file}.tmp`, file);
}

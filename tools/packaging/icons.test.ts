import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ICON_SIZES, renderIcons } from '../../scripts/make-icons.js';

const BUILD = fileURLToPath(new URL('../../build/', import.meta.url));
const rendered = renderIcons(readFileSync(join(BUILD, 'icon.svg'), 'utf8')) as Map<string, Buffer>;

/** A PNG's width and height from its IHDR chunk. */
const pngSize = (png: Buffer) => {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
};

describe('the icons in build/', () => {
  it('are what build/icon.svg renders to today (run npm run icons after editing it)', () => {
    for (const [path, bytes] of rendered) expect(readFileSync(join(BUILD, path)).equals(bytes), path).toBe(true);
  });

  it('are PNGs of every size, an ICO and an ICNS', () => {
    for (const size of ICON_SIZES as number[])
      expect(pngSize(readFileSync(join(BUILD, 'icons', `${size}x${size}.png`)))).toEqual([size, size]);
    const ico = readFileSync(join(BUILD, 'icon.ico'));
    // ICONDIR: reserved 0, type 1 (icon), then one 16-byte entry per image (a width of 0 means 256).
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const widths = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + 16 * i] || 256);
    expect(widths).toEqual(expect.arrayContaining([16, 32, 48, 256]));
    const icns = readFileSync(join(BUILD, 'icon.icns'));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
  });
});

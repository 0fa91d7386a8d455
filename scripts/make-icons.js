// Every icon of the app from build/icon.svg (`npm run icons`): PNGs for Linux at the sizes its
// desktops ask for, an ICO for Windows and an ICNS for macOS. @resvg/resvg-js renders the SVG,
// png2icons packs ICO and ICNS. The output is checked in; tools/packaging/icons.test.ts checks it
// matches the SVG.
import { Buffer } from 'node:buffer';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';

export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

/** The icon files, by path under `build/`, rendered from the SVG's text. */
export function renderIcons(svg) {
  const png = (size) => Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng());
  const files = new Map(ICON_SIZES.map((size) => [join('icons', `${size}x${size}.png`), png(size)]));
  const large = files.get(join('icons', '1024x1024.png'));
  // BILINEAR, no colour reduction: the same bytes for the same SVG.
  files.set('icon.ico', png2icons.createICO(large, png2icons.BILINEAR, 0, false, true));
  files.set('icon.icns', png2icons.createICNS(large, png2icons.BILINEAR, 0));
  files.set('icon.png', files.get(join('icons', '512x512.png')));
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const build = fileURLToPath(new URL('../build/', import.meta.url));
  mkdirSync(join(build, 'icons'), { recursive: true });
  for (const [path, bytes] of renderIcons(readFileSync(join(build, 'icon.svg'), 'utf8'))) {
    writeFileSync(join(build, path), bytes);
    console.log(`build/${path}  ${bytes.length.toLocaleString('en-US')} bytes`);
  }
}

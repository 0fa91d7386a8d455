import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findBundledData, findDefaultModel } from './default-model-path.ts';

const root = mkdtempSync(join(tmpdir(), 'quorum-layouts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A layout: the engine bundle at `engine`, and the resources folder at `resources`, both under a fresh folder. */
function layout(name: string, engine: string, resources: string) {
  const base = join(root, name);
  const entry = join(base, engine);
  mkdirSync(join(entry, '..'), { recursive: true });
  writeFileSync(entry, '');
  mkdirSync(join(base, resources, 'models'), { recursive: true });
  mkdirSync(join(base, resources, 'data'), { recursive: true });
  writeFileSync(join(base, resources, 'models', 'quorum-default.onnx'), '');
  return { base, from: pathToFileURL(entry).href };
}

describe('the default model and the bundled data are found from the engine', () => {
  it.each([
    ['the source tree', 'src/agents/engine/entry/engine.ts', 'resources'],
    ['the built tree (npm start)', 'out/main/engine.js', 'resources'],
    // electron-builder: app.asar/out/main/engine.js, extraResources copied to <resources>/resources.
    ['an installed app', 'Quorum/resources/app.asar/out/main/engine.js', 'Quorum/resources/resources'],
  ])('in %s', (name, engine, resources) => {
    const { base, from } = layout(name.replace(/\W+/g, '-'), engine, resources);
    expect(findDefaultModel(undefined, from)).toBe(join(base, resources, 'models', 'quorum-default.onnx'));
    expect(findBundledData(from)).toBe(join(base, resources, 'data'));
  });

  it('takes an explicit path first, and says undefined where there is none', () => {
    expect(findDefaultModel('/x/model.onnx', pathToFileURL(join(root, 'nowhere.js')).href)).toBe('/x/model.onnx');
    expect(findBundledData(pathToFileURL(join(tmpdir(), 'nowhere', 'engine.js')).href)).toBeUndefined();
  });
});

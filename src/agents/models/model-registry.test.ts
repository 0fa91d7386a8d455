import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestClock } from '../engine/clock.ts';
import { verifyChain } from '../store/chain.ts';
import { Store } from '../store/store.ts';
import { InferenceHost } from '../inference/inference-host.ts';
import { ModelRegistry } from './model-registry.ts';
import { writeOnnxModel, type OnnxModelSpec } from './onnx/onnx-writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'quorum-models-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DEFAULT_MODEL = new URL('../../../resources/models/quorum-default.onnx', import.meta.url);

const schema = (over: object = {}) => JSON.stringify({ features: ['ret_1', 'rsi14'], window: 1, horizon: 5, output: 'p_up', ...over });
function model(over: Partial<OnnxModelSpec> = {}, nodes?: OnnxModelSpec['nodes']): Uint8Array {
  return writeOnnxModel({
    producer: 'test',
    graphName: 'g',
    opset: 17,
    inputs: [{ name: 'features', shape: ['batch', 2] }],
    outputs: [{ name: 'p_up', shape: ['batch', 1] }],
    initializers: [{ name: 'W', dims: [2, 1], values: [1, -1] }],
    nodes: nodes ?? [
      { op: 'MatMul', inputs: ['features', 'W'], outputs: ['z'] },
      { op: 'Sigmoid', inputs: ['z'], outputs: ['p_up'] },
    ],
    metadata: { 'quorum.features': schema() },
    ...over,
  });
}

function registry(name: string) {
  const store = Store.open(join(dir, `${name}.sqlite`));
  const host = new InferenceHost('auto');
  return { store, reg: new ModelRegistry(store, join(dir, name), (p, shape) => host.probe(p, shape), new TestClock(1_000)) };
}

describe('model registry', () => {
  it('imports a valid model: checked, loaded, hashed, copied, journaled as version 1 then 2', async () => {
    const { store, reg } = registry('ok');
    const first = await reg.importModel(model(), { fileName: '/x/momentum.onnx' });
    expect(first.record).toMatchObject({ id: 'momentum@1', version: 1, status: 'inactive', schema: { features: ['ret_1', 'rsi14'] } });
    expect(first.provider).toBe('cpu');
    expect(first.fallbacks[0]).toMatch(/^cuda: /);
    expect(readFileSync(reg.pathOf(first.record))).toEqual(Buffer.from(model()));
    const second = await reg.importModel(model({ producer: 'test2' }), { name: 'momentum' });
    expect(second.record.id).toBe('momentum@2');
    reg.setStatus('momentum@2', 'shadow', 'compare with v1');
    expect(reg.list().map((m) => [m.id, m.status])).toEqual([
      ['momentum@1', 'inactive'],
      ['momentum@2', 'shadow'],
    ]);
    expect(verifyChain(store.journal.rows()).ok).toBe(true);
    store.close();
  });

  it('imports the shipped default model', async () => {
    const { store, reg } = registry('default');
    const { record } = await reg.importModel(new Uint8Array(readFileSync(DEFAULT_MODEL)), { fileName: 'quorum-default.onnx' });
    expect(record.schema.features).toHaveLength(12);
    store.close();
  });

  const bad: [string, () => Uint8Array, RegExp][] = [
    ['a file that is not ONNX', () => new TextEncoder().encode('date,open,high\n2024-01-01,1,2\n'), /not (a valid ONNX|an ONNX model)/],
    ['a truncated file', () => model().subarray(0, 60), /not a valid ONNX|runs past the end|damaged/],
    ['no feature schema', () => model({ metadata: {} }), /no "quorum.features" entry/],
    ['a schema that is not JSON', () => model({ metadata: { 'quorum.features': '{features:' } }), /not valid JSON/],
    ['an invalid schema', () => model({ metadata: { 'quorum.features': schema({ window: 0 }) } }), /invalid at window/],
    [
      'an unknown feature',
      () => model({ metadata: { 'quorum.features': schema({ features: ['ret_1', 'moon'] }) } }),
      /unknown feature\(s\) moon/,
    ],
    ['a wrong input shape', () => model({ inputs: [{ name: 'features', shape: ['batch', 3] }] }), /needs \[batch, 2\]/],
    ['a fixed batch dimension', () => model({ inputs: [{ name: 'features', shape: [4, 2] }] }), /dynamic batch dimension/],
    [
      'a graph onnxruntime refuses',
      () =>
        model({}, [
          { op: 'NoSuchOp', inputs: ['features', 'W'], outputs: ['z'] },
          { op: 'Sigmoid', inputs: ['z'], outputs: ['p_up'] },
        ]),
      /onnxruntime cannot load the model/,
    ],
    [
      'a model that outputs NaN',
      () =>
        model(
          {
            initializers: [
              { name: 'W', dims: [2, 1], values: [1, -1] },
              { name: 'zero', dims: [1], values: [0] },
            ],
          },
          [
            { op: 'MatMul', inputs: ['features', 'W'], outputs: ['z'] },
            { op: 'Div', inputs: ['z', 'zero'], outputs: ['p_up'] },
          ],
        ),
      /non-finite value/,
    ],
  ];
  it.each(bad)('refuses %s with a clear message and leaves nothing behind', async (_what, bytes, message) => {
    const { store, reg } = registry(`bad-${_what.replace(/\W+/g, '-')}`);
    await reg.importModel(model(), { name: 'keep' });
    const head = store.journal.headSeq;
    await expect(reg.importModel(bytes(), { fileName: 'candidate.onnx' })).rejects.toThrow(message);
    expect(store.journal.headSeq).toBe(head);
    expect(reg.list().map((m) => m.id)).toEqual(['keep@1']);
    expect(readdirSync(reg.dir)).toHaveLength(1);
    store.close();
  });

  it('refuses the same bytes twice', async () => {
    const { store, reg } = registry('dup');
    await reg.importModel(model(), { name: 'a' });
    await expect(reg.importModel(model(), { name: 'b' })).rejects.toThrow(/already registered as a@1/);
    store.close();
  });
});

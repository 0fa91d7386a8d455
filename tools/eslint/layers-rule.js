import { builtinModules } from 'node:module';
import path from 'node:path';
import { LAYER_IMPORTS, NO_NODE_BUILTINS, PACKAGE_HOMES } from './layers.js';

const BUILTINS = new Set(builtinModules);

/** `src/<layer>/...` → { layer, rest } for a path inside the source tree, else null. */
function locate(file, srcRoot) {
  const rel = path.relative(srcRoot, file).split(path.sep).join('/');
  if (rel.startsWith('..')) return null;
  const [layer] = rel.split('/');
  return layer in LAYER_IMPORTS ? { layer, rel } : null;
}

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * quorum/layers: an import must be allowed by DESIGN.md §2 — relative imports by the layer table
 * (agents reach native only through native/index.ts; main reaches agents only as a `?modulePath`),
 * packages by PACKAGE_HOMES, Node built-ins never in shared or renderer.
 */
export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'enforce the import table of DESIGN.md §2' },
    schema: [{ type: 'object', properties: { srcRoot: { type: 'string' } }, additionalProperties: false }],
    messages: {
      layer: '{{from}} may not import {{to}} (DESIGN.md §2): "{{spec}}"',
      nativeDoor: 'agents reach native only through src/native/index.ts: "{{spec}}"',
      modulePath: 'main may refer to agents only by path (a "?modulePath" import): "{{spec}}"',
      pkg: '"{{pkg}}" may only be imported in {{homes}} (DESIGN.md §2)',
      builtin: '{{from}} runs without Node: "{{spec}}" is not available there',
    },
  },
  create(context) {
    const srcRoot = path.resolve(context.options[0]?.srcRoot ?? path.join(context.cwd, 'src'));
    const here = locate(context.filename, srcRoot);
    if (!here) return {};

    function check(node, spec) {
      if (typeof spec !== 'string') return;
      if (spec.startsWith('.')) return checkRelative(node, spec);
      const isBuiltin = spec.startsWith('node:') || BUILTINS.has(packageName(spec));
      if (isBuiltin) {
        if (NO_NODE_BUILTINS.includes(here.layer)) context.report({ node, messageId: 'builtin', data: { from: here.layer, spec } });
        return;
      }
      const pkg = packageName(spec);
      const homes = PACKAGE_HOMES[pkg];
      if (homes && !homes.some((h) => here.rel.startsWith(h))) {
        context.report({ node, messageId: 'pkg', data: { pkg, homes: homes.map((h) => `src/${h}`).join(', ') } });
      }
    }

    function checkRelative(node, spec) {
      const [bare, query] = spec.split('?');
      const target = locate(path.resolve(path.dirname(context.filename), bare), srcRoot);
      if (!target || target.layer === here.layer) return;
      if (here.layer === 'main' && target.layer === 'agents') {
        if (query !== 'modulePath') context.report({ node, messageId: 'modulePath', data: { spec } });
        return;
      }
      if (!LAYER_IMPORTS[here.layer].includes(target.layer)) {
        return context.report({ node, messageId: 'layer', data: { from: here.layer, to: target.layer, spec } });
      }
      if (here.layer === 'agents' && target.layer === 'native' && target.rel !== 'native/index.ts') {
        context.report({ node, messageId: 'nativeDoor', data: { spec } });
      }
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node.arguments[0], node.arguments[0].value);
        }
      },
    };
  },
};

export default { rules: { layers: layersRule } };

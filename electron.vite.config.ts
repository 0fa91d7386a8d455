import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { CONTENT_SECURITY_POLICY } from './src/shared/content-security-policy.ts';

// The page's CSP comes from the one shared constant (`frame-ancestors` is ignored in a meta tag).
const metaCsp = CONTENT_SECURITY_POLICY.split('; ')
  .filter((d) => !d.startsWith('frame-ancestors'))
  .join('; ');
const injectCsp = { name: 'quorum-csp', transformIndexHtml: (html: string) => html.replace('%QUORUM_CSP%', metaCsp) };

// The bundled engine looks for the Rust book beside itself (src/native/index.ts: ./build/quorum_native.node,
// resolved from out/main/engine.js); without this copy the built app ran on the TypeScript book.
const NATIVE_BOOK = 'src/native/build/quorum_native.node';
const copyNativeBook = {
  name: 'quorum-native-book',
  closeBundle() {
    if (!existsSync(NATIVE_BOOK)) return console.log(`no ${NATIVE_BOOK} (npm run build:native): the built engine uses the TypeScript book`);
    mkdirSync('out/main/build', { recursive: true });
    copyFileSync(NATIVE_BOOK, 'out/main/build/quorum_native.node');
  },
};

// Three builds: main (with the engine, inference and backtest-worker entries as named inputs, so their paths are
// stable and plain `node` can run them too), the sandboxed preload (CommonJS), and the renderer.
export default defineConfig({
  main: {
    plugins: [copyNativeBook],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          engine: resolve('src/agents/engine/entry/engine.ts'),
          inference: resolve('src/agents/inference/inference-entry.ts'),
          'backtest-worker': resolve('src/agents/backtest/jobs/backtest.worker.ts'),
        },
        // Shared chunks beside the entries, not in chunks/: code that finds files from its own
        // import.meta.url (the native book's ./build/quorum_native.node) resolves to out/main/.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
    plugins: [react(), injectCsp],
  },
});

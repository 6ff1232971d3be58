/**
 * Bundles the preload (main/preload.ts and what it imports) into one CommonJS file,
 * dist/preload/preload.js: a sandboxed preload cannot require its own modules, only `electron`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    lib: {
      entry: fileURLToPath(new URL('./main/preload.ts', import.meta.url)),
      formats: ['cjs'],
      fileName: () => 'preload.js',
    },
    outDir: fileURLToPath(new URL('./dist/preload', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome130',
    minify: false,
    sourcemap: true,
    rolldownOptions: { external: ['electron'] },
  },
});

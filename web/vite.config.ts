import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built from the repository root (`npx vite build --config web/vite.config.ts`),
// so the root is pinned to this folder rather than the working directory.
const webRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    // `vite --config web/vite.config.ts` serves the UI with hot reload and
    // forwards API calls to a running `gongzhi serve`.
    proxy: { '/api': process.env.GONGZHI_API_URL ?? 'http://localhost:3000' },
    // The collection-form engine (src/modules/forms/engine) runs in the browser
    // too: the dev server may serve the repository, not only web/.
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
  },
});

/** Vite build of the web UI: `vite build ui` (npm run build:ui) writes `ui/dist`, which `flexix serve` serves. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative asset URLs so the UI also works when the server is mounted below a path prefix.
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // d3 is the only dependency; one chunk keeps first paint to a single request.
    chunkSizeWarningLimit: 600,
  },
  server: {
    // `vite ui` during development: forward the API to a running `flexix serve`.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});

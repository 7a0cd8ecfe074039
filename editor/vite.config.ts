import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

// The editor is built into editor/dist and served by the API server at `/`.
// Code splitting: the policy workspace (React Flow, inspectors) and the engine are separate chunks
// loaded on demand; the sign-in and policy list load only React and the shell.
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  // Live validation runs in a module worker (editor/src/engine/validation-worker.ts).
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: { '/api': { target: `http://localhost:${process.env.API_PORT ?? 3000}`, changeOrigin: true } },
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
  },
});

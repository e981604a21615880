import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The web app (apps/web): `npm run dev:web` serves it with hot reload and sends /v1 and /health
 * to the API on API_URL (default http://127.0.0.1:3000); `npm run build:web` writes dist/web,
 * which the API serves on its own origin.
 */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    reportCompressedSize: true,
    sourcemap: false,
  },
  server: {
    proxy: {
      '/v1': process.env.API_URL ?? 'http://127.0.0.1:3000',
      '/health': process.env.API_URL ?? 'http://127.0.0.1:3000',
    },
  },
});

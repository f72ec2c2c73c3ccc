import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const hub = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  server: {
    proxy: {
      '/api': hub,
      '/health': hub,
      '/ws': { target: hub, ws: true },
    },
  },
  build: { outDir: 'dist', emptyOutDir: true },
});

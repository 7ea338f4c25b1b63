import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Hashed files land in dist/assets/, which the image serves with immutable caching.
export default defineConfig({ plugins: [react()], build: { outDir: 'dist', assetsDir: 'assets' } });

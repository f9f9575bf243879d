/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { treeshakeTrussworks } from './tools/treeshake-trussworks.ts'

const src = fileURLToPath(new URL('./src', import.meta.url))
const uswdsPackages = fileURLToPath(new URL('./node_modules/@uswds/uswds/packages', import.meta.url))

export default defineConfig({
  // Relative asset URLs: the server may be mounted under a base path (e.g. /ccpor/)
  // and injects <base href> plus <meta name="ccpor-base-path"> into index.html.
  base: './',
  plugins: [react(), treeshakeTrussworks()],
  resolve: {
    alias: { '@': src },
  },
  css: {
    preprocessorOptions: {
      scss: {
        loadPaths: [uswdsPackages],
        // USWDS 3 still uses Sass features that Dart Sass deprecates; its warnings are not ours.
        quietDeps: true,
        silenceDeprecations: ['import', 'global-builtin', 'if-function'],
      },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
  },
  server: {
    proxy: {
      '/api': process.env.CCPOR_API_ORIGIN ?? 'http://127.0.0.1:8080',
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/testing/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
    restoreMocks: true,
    // Bounds for a busy machine (see src/testing/setup.ts); not speed checks.
    testTimeout: 30_000,
  },
})

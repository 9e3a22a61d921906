import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

const alias = { '@shared': resolve(__dirname, 'src/shared'), '@renderer': resolve(__dirname, 'src/renderer/src') }

export default defineConfig({
  plugins: [react()],
  resolve: { alias },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}'],
          environment: 'node',
          setupFiles: ['tests/kits/dom-setup.ts'],
          // Component tests run real services (journals, processes) while the whole suite shares two cores.
          testTimeout: 30_000
        }
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // The lab is one shared set of hosts: files run one after another.
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 600_000,
          globalSetup: ['tests/lab/global-setup.ts']
        }
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 600_000,
          globalSetup: ['tests/lab/global-setup.ts']
        }
      }
    ]
  }
})

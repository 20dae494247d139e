import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
    environment: 'node',
    // No test sends traffic off 127.0.0.1 (the guard fails a test that tries), and AWS's metadata fallback is off.
    setupFiles: ['test/setup/no-network.ts'],
    env: { AWS_EC2_METADATA_DISABLED: 'true' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

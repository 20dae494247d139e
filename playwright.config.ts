/**
 * End-to-end tests: the browser host in the system Chromium, and the real Electron app when its binary exists.
 * Never downloads a browser (`npx playwright install` is not used): Chromium comes from apt (/usr/bin/chromium).
 */
import { defineConfig } from '@playwright/test';

// The browser host and the app started by the tests inherit this: the AWS credential chain never falls back to the
// EC2 instance-metadata address (169.254.169.254) when no credentials are configured.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

/** The system Chromium; `ROLECALL_CHROMIUM` overrides it. */
export const chromiumPath = process.env.ROLECALL_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Chromium switches for a closed network: no background traffic, and no host name resolves to anything (the app is
 * reached at 127.0.0.1), so a stray request fails fast instead of leaving the machine.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
] as const;

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    headless: true,
    viewport: { width: 1440, height: 900 },
    colorScheme: 'light',
    launchOptions: {
      executablePath: chromiumPath,
      args: [...CHROMIUM_ARGS],
    },
  },
});

import { defineConfig } from '@playwright/test';

import { tmpdir } from 'node:os';
import path from 'node:path';

const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const PORT = Number(process.env.TAILOR_TEST_PORT ?? 4329);
// Instant alerts' receiver in tests/e2e/alerts.spec.ts.
const ALERTS_PORT = PORT + 2;
// The e2e server writes its own conversion log and signs with a test secret; workers inherit both.
process.env.TAILOR_E2E_LOG ??= path.join(tmpdir(), `tailor-e2e-${Date.now()}.db`);
process.env.TAILOR_LINK_SECRET ??= 'e2e-secret-e2e-secret-e2e-secret-0000000';

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  forbidOnly: true,
  workers: 2,
  reporter: [['list']],
  timeout: 60_000,
  // The studio runs astro dev in this checkout, whose .astro/ the authoring tests' builds and dev
  // server share: it runs after the other specs, not beside them.
  projects: [
    { name: 'site', testIgnore: /studio\.spec\.ts$/ },
    { name: 'studio', testMatch: /studio\.spec\.ts$/, dependencies: ['site'] },
  ],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    // Headless Chromium announces itself as HeadlessChrome, which the collector drops as a bot.
    userAgent: USER_AGENT,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // Browser-wide, so that beacons sent while a page unloads carry it too.
      args: [`--user-agent=${USER_AGENT}`, '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  // The demo site is built by `npm run test:e2e` before Playwright starts; this only serves it.
  webServer: {
    command: `node src/cli/serve.ts`,
    url: `http://127.0.0.1:${PORT}/robots.txt`,
    env: {
      PORT: String(PORT),
      TAILOR_LOG_FILE: process.env.TAILOR_E2E_LOG,
      TAILOR_LINK_SECRET: process.env.TAILOR_LINK_SECRET,
      // Instant alerts go to a receiver tests/e2e/alerts.spec.ts runs on this port.
      TAILOR_SLACK_WEBHOOK_URL: `http://127.0.0.1:${ALERTS_PORT}/slack`,
      TAILOR_TEAMS_WEBHOOK_URL: `http://127.0.0.1:${ALERTS_PORT}/teams`,
    },
    reuseExistingServer: false,
    timeout: 60_000,
  },
});

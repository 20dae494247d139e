import { chromium } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SECURITY_HEADERS, CONTENT_SECURITY_POLICY_HEADER } from '/work/main/electron/security';
import { startWebHost } from '/work/main/electron/web-host';

const variants: Record<string, string> = {
  current: CONTENT_SECURITY_POLICY_HEADER,
  noUnsafeInlineStyle: CONTENT_SECURITY_POLICY_HEADER.replace("style-src 'self' 'unsafe-inline'", "style-src 'self'"),
  noBlobWorker: CONTENT_SECURITY_POLICY_HEADER.replace("worker-src 'self' blob:", "worker-src 'self'"),
  noDataBlobImg: CONTENT_SECURITY_POLICY_HEADER.replace("img-src 'self' data: blob:", "img-src 'self'").replace("font-src 'self' data:", "font-src 'self'"),
  trustedTypes: CONTENT_SECURITY_POLICY_HEADER + "; require-trusted-types-for 'script'",
};
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
for (const [name, csp] of Object.entries(variants)) {
  SECURITY_HEADERS['Content-Security-Policy'] = csp;
  const host = await startWebHost({ rendererDir: '/work/main/out/renderer', dataDir: mkdtempSync(join(tmpdir(), 'x')), demoPath: '/work/main/examples/demo.rolecall.json' });
  const page = await browser.newPage();
  const msgs: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || /Security Policy|Trusted/i.test(m.text())) msgs.push(m.text().slice(0, 160)); });
  page.on('pageerror', (e) => msgs.push('PAGEERROR ' + String(e).slice(0, 160)));
  await page.goto(host.url);
  await page.getByRole('heading', { level: 1, name: 'Demo mobile backend' }).waitFor({ timeout: 20000 }).catch(() => msgs.push('NO HEADING'));
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 20000 }).catch(() => msgs.push('NO MONACO'));
  await page.waitForTimeout(3000);
  const lines = await page.locator('.monaco-editor .view-line').count();
  console.log(name, 'lines', lines, JSON.stringify([...new Set(msgs)], null, 1));
  await page.close();
  await host.close();
}
await browser.close();

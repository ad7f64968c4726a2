// What the browser downloads: signing in and the fleet view fetch the app's main part only;
// every other page's code comes in its own chunk on the first visit, and is kept after.
// Sizes are what went over the wire (compressed), as Chromium's network layer counts them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, sluiceAndBrowser } from '../lib/harness.js';

const ctx = sluiceAndBrowser();
const isChunk = (url) => /\/(split|chunk)_[^/]*\.wasm$/.test(url);
const KB = 1024;

/** Every response's URL and encoded size, as they finish. */
async function wire(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map();
  const done = [];
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => {
    const url = urls.get(e.requestId);
    if (url) done.push({ url: new URL(url).pathname, bytes: e.encodedDataLength });
  });
  return done;
}

test('signing in and the fleet fetch no page chunk; the wizard fetches its own on first visit', async () => {
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  try {
    const fetched = await wire(context, page);
    await signIn(page, ctx.sluice.url);
    await page.locator('[data-testid=cluster]').first().waitFor();
    const first = fetched.filter((r) => !r.url.startsWith('/api/'));
    const total = first.reduce((sum, r) => sum + r.bytes, 0);
    console.log(`first load (sign-in + fleet): ${(total / KB).toFixed(1)} KB over the wire`);
    for (const r of first) console.log(`  ${r.url}  ${(r.bytes / KB).toFixed(1)} KB`);
    assert.deepEqual(first.filter((r) => isChunk(r.url)), [], 'no page chunk before a page needs it');
    assert.ok(first.some((r) => r.url.endsWith('_bg.wasm')), 'the main part was fetched');

    const before = fetched.length;
    await page.getByRole('link', { name: 'New connector' }).click();
    await page.locator('[data-testid=wizard-steps]').waitFor({ timeout: 15_000 });
    const wizard = fetched.slice(before).filter((r) => isChunk(r.url));
    console.log(`wizard: ${wizard.map((r) => `${r.url} ${(r.bytes / KB).toFixed(1)} KB`).join(', ')}`);
    assert.ok(wizard.length > 0, 'the wizard came in its own chunk');

    // Back and forth: the chunk is kept, nothing is fetched again.
    await page.goBack();
    await page.locator('[data-testid=cluster]').first().waitFor();
    const again = fetched.length;
    await page.getByRole('link', { name: 'New connector' }).click();
    await page.locator('[data-testid=wizard-steps]').waitFor();
    assert.deepEqual(fetched.slice(again).filter((r) => isChunk(r.url)), []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

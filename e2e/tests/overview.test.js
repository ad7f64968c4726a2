// The clusters overview in a real browser against the real stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  connect, connectUrl, postgresConnector, removeConnector, screenshot, signIn, sluiceAndBrowser, startSluice, unique,
} from '../lib/harness.js';

const ctx = sluiceAndBrowser();

test('a Debezium connector shows RUNNING, then PAUSED without a reload', async () => {
  const spec = postgresConnector(unique('pg'));
  const slot = spec.config['slot.name'];
  await connect('POST', '/connectors', spec);
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 720 } });
  try {
    await signIn(page, ctx.sluice.url);
    const row = page.locator(`[data-testid=connector-row][data-connector="${spec.name}"]`);
    await row.and(page.locator('[data-state=RUNNING]')).waitFor({ timeout: 60_000 });
    await page.locator(`[data-connector="${spec.name}"] [data-testid=task-counts]`).filter({ hasText: '1/1' })
      .waitFor({ timeout: 60_000 });
    assert.equal(await row.locator('[data-testid=state-badge]').textContent(), 'RUNNING');
    assert.match(await row.textContent(), /PostgresConnector/);
    await screenshot(page, 'overview-running');

    // Mark this document: if the page reloaded, the marker would be gone.
    await page.evaluate(() => { window.__sluiceMarker = 'same-document'; });
    await connect('PUT', `/connectors/${spec.name}/pause`);
    await row.and(page.locator('[data-state=PAUSED]')).waitFor({ timeout: 30_000 });
    assert.equal(await row.locator('[data-testid=state-badge]').textContent(), 'PAUSED');
    assert.equal(await page.evaluate(() => window.__sluiceMarker), 'same-document', 'the page was not reloaded');
    await screenshot(page, 'overview-paused');
  } finally {
    await page.close();
    await removeConnector(spec.name, slot);
  }
});

test('a cluster that does not answer is shown as unreachable, with the reason', async () => {
  const broken = await startSluice([
    { id: 'local', name: 'Local dev stack', url: connectUrl },
    { id: 'gone', name: 'Decommissioned', url: 'http://127.0.0.1:9' },
  ]);
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 720 } });
  try {
    await signIn(page, broken.url);
    const gone = page.locator('[data-testid=cluster][data-cluster=gone]');
    await gone.locator('[data-testid=error-notice]').waitFor({ timeout: 15_000 });
    assert.match(await gone.locator('[data-testid=error-notice]').textContent(), /Cluster unreachable/);
    assert.equal(await gone.locator('[data-testid=cluster-reachability]').textContent(), 'unreachable');
    // One dead cluster does not take the others down.
    const local = page.locator('[data-testid=cluster][data-cluster=local]');
    await local.locator('[data-testid=cluster-reachability]').filter({ hasText: /^reachable$/ })
      .waitFor({ timeout: 15_000 });
    await screenshot(page, 'overview-unreachable');
  } finally {
    await page.close();
    broken.stop();
  }
});

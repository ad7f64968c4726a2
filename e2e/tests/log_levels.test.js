// Connect's worker log levels in a real browser against the real two-worker stack: support
// opens them from a connector's page, sets the plugin's logger to DEBUG in one click, sees it
// listed and applied by Connect itself, and resets it to INFO from its row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminApi, connect, screenshot, signIn, sluiceAndBrowser, unique, waitFor } from '../lib/harness.js';

const ctx = sluiceAndBrowser();
const LOGGER = 'org.apache.kafka.connect.file';
const workers = [process.env.SLUICE_TEST_CONNECT_URL ?? 'http://127.0.0.1:8083', 'http://127.0.0.1:8084'];

/** The logger's level as a worker itself answers; null while it has no such logger. */
async function levelOn(worker) {
  const r = await fetch(`${worker}/admin/loggers/${LOGGER}`);
  if (r.status === 404) return null;
  return (await r.json()).level;
}

test('support sets a connector plugin\'s logger to DEBUG from the UI, sees it listed, and resets it', async () => {
  const api = await adminApi(ctx.sluice.url);
  await api('POST', '/users', { username: 'sam', password: 'sam-password-long', role: 'support' });
  const name = unique('log');
  await connect('POST', '/connectors', {
    name,
    config: { 'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector', topics: `${name}-in`, file: '/dev/null' },
  });
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await signIn(page, ctx.sluice.url, 'sam', 'sam-password-long');
    // The nav offers it to support; the connector's page links to it with the plugin in mind.
    assert.equal(await page.getByRole('link', { name: 'Log levels' }).count(), 1);
    await page.goto(`${ctx.sluice.url}/clusters/local/connectors/${name}`);
    await page.locator('[data-testid=log-level-link]').click();
    await page.waitForURL(/\/log-levels\?cluster=local&connector=/);

    // The plugin's package is offered and filled in; the sink loop is offered too.
    const suggestions = page.locator('[data-testid=logger-suggestion]');
    await suggestions.first().waitFor({ timeout: 15_000 });
    assert.deepEqual(await suggestions.evaluateAll((els) => els.map((e) => e.dataset.logger)),
      [LOGGER, 'org.apache.kafka.connect.runtime.WorkerSinkTask']);
    const input = page.locator('[data-testid=logger-name]');
    await waitFor('the plugin logger filled in', async () => (await input.inputValue()) === LOGGER, 10_000);
    assert.equal(await page.locator('[data-testid=logger-level]').inputValue(), 'DEBUG');
    assert.equal(await page.locator('[data-testid=logger-scope]').inputValue(), 'cluster');

    // Keyboard: from the logger box, Enter submits the form.
    await input.focus();
    await page.keyboard.press('Enter');
    const answer = page.locator('[data-testid=logger-answer]');
    await answer.waitFor({ timeout: 15_000 });
    assert.match(await answer.textContent(), new RegExp(`${LOGGER} set to DEBUG on every worker`));

    // Listed with its new level once the workers applied it, found by typing in the filter.
    await page.locator('[data-testid=logger-filter]').fill('connect.file');
    const row = page.locator(`[data-testid=logger-row][data-logger="${LOGGER}"]`);
    await row.and(page.locator('[data-level=DEBUG]')).waitFor({ timeout: 15_000 });
    assert.match(await page.locator('[data-testid=logger-count]').textContent(), /of \d+ loggers/);
    assert.notEqual(await row.locator('td').nth(2).textContent(), 'configured');
    // Connect itself says so, on both workers (cluster scope).
    for (const w of workers) {
      await waitFor(`${w} at DEBUG`, async () => (await levelOn(w)) === 'DEBUG', 15_000);
    }
    await screenshot(page, 'log-levels-debug');

    // Changed in the last day: reset to INFO from the row.
    await row.locator('[data-testid=logger-reset]').click();
    await row.and(page.locator('[data-level=INFO]')).waitFor({ timeout: 15_000 });
    assert.equal(await row.locator('[data-testid=logger-reset]').count(), 0);
    for (const w of workers) {
      await waitFor(`${w} back at INFO`, async () => (await levelOn(w)) === 'INFO', 15_000);
    }

    // Both changes are in the audit log (newest first), by sam, with the level before.
    const audit = await api('GET', '/audit?action=logger_level&actor=sam');
    assert.deepEqual(audit.map((e) => [e.detail.logger, e.detail.old_level, e.detail.new_level, e.detail.scope, e.result]), [
      [LOGGER, 'DEBUG', 'INFO', 'cluster', 'ok'],
      [LOGGER, 'INFO', 'DEBUG', 'cluster', 'ok'],
    ]);
    await screenshot(page, 'log-levels-reset');
  } finally {
    await page.close();
    await connect('DELETE', `/connectors/${name}`).catch(() => {});
  }
});

test('an operator sees no log levels: no link, and the page says why', async () => {
  const api = await adminApi(ctx.sluice.url);
  await api('POST', '/tenants', { id: 'acme', display_name: 'Acme', connector_prefix: 'acme-', topic_prefix: 'acme.' });
  await api('POST', '/users', { username: 'otto', password: 'otto-password-long', role: 'operator', tenant: 'acme' });
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 720 } });
  try {
    await signIn(page, ctx.sluice.url, 'otto', 'otto-password-long');
    assert.equal(await page.getByRole('link', { name: 'Log levels' }).count(), 0);
    await page.goto(`${ctx.sluice.url}/log-levels`);
    await page.locator('[data-testid=error-notice]').waitFor({ timeout: 15_000 });
    assert.match(await page.locator('[data-testid=error-notice]').textContent(), /support staff and admins/);
    assert.equal(await page.locator('[data-testid=logger-table]').count(), 0);
  } finally {
    await page.close();
  }
});

// An API key created in the UI drives the CLI against a real connector; its usage shows in the UI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import {
  connect, removeConnector, root, screenshot, signIn, sluiceAndBrowser, unique,
} from '../lib/harness.js';

const run = promisify(execFile);
const ctx = sluiceAndBrowser();

test('the CLI lists and restarts a connector with a key made in the UI, and the UI counts its use', async () => {
  const name = unique('cli');
  await connect('POST', '/connectors', {
    name,
    config: { 'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector', topics: `${name}-in`, file: '/dev/null' },
  });
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await signIn(page, ctx.sluice.url);
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.locator('.empty', { hasText: 'No API keys yet' }).waitFor();
    await page.getByLabel('Name').fill('nightly restarts');
    await page.getByLabel('Role').selectOption('admin');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.locator('[data-testid=new-key-value]').textContent()).trim();
    assert.match(key, /^slk_/);
    await screenshot(page, 'api-key-created');
    await page.getByRole('button', { name: 'Done' }).click();
    // Waited for: the key was on the page a moment ago, so its leaving is what is judged.
    await page.locator('[data-testid=new-key]').waitFor({ state: 'detached', timeout: 5_000 });
    assert.equal(await page.locator('[data-testid=new-key-value]').count(), 0, 'the key is gone from the page');

    const bin = process.env.SLUICE_BIN ?? join(root, 'target', 'debug', 'sluice');
    const env = { ...process.env, SLUICE_API_KEY: key, SLUICE_URL: ctx.sluice.url };
    const list = await run(bin, ['connectors', '--json', 'list'], { env });
    assert.ok(JSON.parse(list.stdout).some((c) => c.name === name), 'the CLI lists the connector');
    const restart = await run(bin, ['connectors', 'restart', name], { env });
    assert.match(restart.stdout, /restart requested/);

    const requests = page.locator('[data-testid=key-row][data-key="nightly restarts"] [data-testid=key-requests]');
    await requests.filter({ hasText: /^4$/ }).waitFor({ timeout: 20_000 });
    await page.locator('[data-testid=key-row][data-key="nightly restarts"]').getByRole('button', { name: 'Usage' }).click();
    const usage = page.locator('[data-testid=key-usage]');
    await usage.waitFor();
    assert.match(await usage.textContent(), /POST \/api\/v1\/clusters\/\{cluster\}\/connectors\/\{name\}\/restart\s*1/);
    await screenshot(page, 'api-key-usage');
  } finally {
    await page.close();
    await removeConnector(name);
  }
});

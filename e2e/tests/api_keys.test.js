// An API key created in the UI drives the CLI against a real connector; its usage shows in the UI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import {
  adminApi, connect, removeConnector, root, screenshot, signIn, sluiceAndBrowser, unique, waitFor,
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

test("the key form's defaults make a key at once, its tenant is chosen from a list, and revoking asks in the console", async () => {
  const api = await adminApi(ctx.sluice.url);
  for (const id of ['acme', 'globex']) {
    await api('POST', '/tenants', { id, display_name: id, connector_prefix: `${id}-`, topic_prefix: `${id}.` });
  }
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await signIn(page, ctx.sluice.url);
    await page.getByRole('link', { name: 'API keys' }).click();
    const form = page.locator('[data-testid=create-key-form]');
    // Role viewer, and a viewer key belongs to a tenant: the first one is already chosen.
    assert.equal(await form.getByLabel('Role').inputValue(), 'viewer');
    const tenant = form.getByLabel('Tenant of the key');
    await waitFor('the tenants in the list', async () => (await tenant.inputValue()) === 'acme', 10_000);
    assert.deepEqual(await tenant.locator('option').allTextContents(), ['acme', 'globex']);
    await form.getByLabel('Name').fill('defaults');
    await form.getByRole('button', { name: 'Create key' }).click();
    await page.locator('[data-testid=new-key]').waitFor();
    assert.equal(await form.locator('[role=alert]').count(), 0, 'no error with the defaults');
    await page.getByRole('button', { name: 'Done' }).click();
    const row = page.locator('[data-testid=key-row][data-key=defaults]');
    await row.waitFor();
    assert.match(await row.textContent(), /viewer\s*acme/);

    // A console-wide role has no tenant to choose.
    await form.getByLabel('Role').selectOption('support');
    assert.ok(await tenant.isDisabled());
    await form.getByLabel('Role').selectOption('operator');
    await tenant.selectOption('globex');
    await form.getByLabel('Name').fill('globex ops');
    await form.getByRole('button', { name: 'Create key' }).click();
    await page.locator('[data-testid=new-key]').waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.locator('[data-testid=key-row][data-key="globex ops"]', { hasText: 'globex' }).waitFor();
    await screenshot(page, 'api-key-form');

    // Revoked through the console's dialog; Cancel leaves the key alone.
    page.on('dialog', () => assert.fail("the browser's own confirm was used"));
    await row.getByRole('button', { name: 'Revoke' }).click();
    const dialog = page.locator('[data-testid=confirm-dialog]');
    await dialog.waitFor();
    // The list is asked again every few seconds. An answer that brings nothing new must leave
    // the rows alone: rebuilding them closed this question while it was being read.
    const asked = await dialog.elementHandle();
    await page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/api-keys', { timeout: 10_000 });
    await page.waitForTimeout(300);
    assert.ok(await asked.evaluate((el) => el.isConnected), 'the question is still open after a refresh');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.match(await row.textContent(), /active/);
    await row.getByRole('button', { name: 'Revoke' }).click();
    await dialog.locator('[data-testid=confirm]').click();
    await row.filter({ hasText: 'revoked' }).waitFor();
  } finally {
    await page.close();
  }
});

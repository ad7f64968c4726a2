// Config editing in a real browser against the real stack: a form generated from the plugin's
// definitions, Connect's validation error shown at the field and fixed, form ↔ JSON keeping
// edits, a diff before applying, and a rollback from the history. A new secret typed into the
// config shows masked in the diff and is audited as its key changing, never its value, and masked
// in the JSON view too (the mask keeps it; a value typed over the mask replaces it). While Connect
// reports errors, Apply waits for an explicit "apply anyway". Markup in a value (`<script>`,
// `onerror=`) is shown as the text it is and never runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminApi, connect, screenshot, signIn, sluiceAndBrowser, unique } from '../lib/harness.js';

// With two workers a write may be handled by the other one: poll until this worker has read it.
async function configEventually(name, key, value) {
  for (let i = 0; i < 60; i++) {
    // Connect answers 500 "a rebalance is expected" while the workers settle: ask again.
    const config = await connect('GET', `/connectors/${name}/config`).catch(() => ({}));
    if (config[key] === value) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`${name}: ${key} never became ${value}`);
}

const ctx = sluiceAndBrowser();

/** A file sink (with `extra` settings) made through Connect, and a signed-in page on its Config tab. */
async function sinkOnConfigTab(tag, extra = {}) {
  const name = unique(tag);
  await connect('POST', '/connectors', {
    name,
    config: {
      'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
      topics: `${name}-t`, file: '/dev/null', 'tasks.max': '1', ...extra,
    },
  });
  const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await signIn(page, ctx.sluice.url);
  await page.goto(`${ctx.sluice.url}/clusters/local/connectors/${name}`);
  await page.locator('[data-testid=tab-config]').click();
  return { name, page };
}

test('edit config with a validation error fixed and applied, then roll back to the first version', async () => {
  const { name, page } = await sinkOnConfigTab('cfg');
  try {
    const tasksMax = page.locator('[data-testid=config-field][data-key="tasks.max"]');
    await tasksMax.waitFor({ timeout: 30_000 });
    assert.equal(await tasksMax.inputValue(), '1');

    // An invalid value: Connect's verdict appears at the field, without a reload.
    await tasksMax.fill('abc');
    const fieldErrors = page.locator('[data-testid=field-error][data-key="tasks.max"]');
    const fieldError = fieldErrors.first();
    await fieldError.waitFor({ timeout: 30_000 });
    assert.match(await fieldError.textContent(), /abc/);
    assert.match(await page.locator('[data-testid=validate-state]').textContent(), /error/);
    await screenshot(page, 'config-validation-error');

    // Fix it; JSON mode shows the same edit, and back to the form keeps it.
    await tasksMax.fill('2');
    await page.locator('[data-testid=validate-state]').filter({ hasText: 'Connect: valid' }).waitFor({ timeout: 30_000 });
    assert.equal(await fieldErrors.count(), 0);
    await page.locator('[data-testid=config-mode-json]').click();
    assert.match(await page.locator('[data-testid=config-json]').inputValue(), /"tasks.max": "2"/);
    await page.locator('[data-testid=config-mode-form]').click();
    assert.equal(await tasksMax.inputValue(), '2');

    await page.locator('[data-testid=config-review]').click();
    const diff = page.locator('[data-testid=config-diff] tr[data-key="tasks.max"]');
    assert.match(await diff.textContent(), /1.*2/);
    await screenshot(page, 'config-diff');
    await page.locator('[data-testid=apply-patch]').click();
    await page.locator('[data-testid=config-saved]').waitFor({ timeout: 30_000 });
    await configEventually(name, 'tasks.max', '2');

    // History: first seen (created outside the console), then the edit; roll back to 1.
    await page.locator('[data-testid=tab-history]').click();
    await page.locator('[data-testid=version-row][data-version="2"][data-source=edit]').waitFor({ timeout: 15_000 });
    assert.match(await page.locator('[data-testid=version-row][data-version="1"]').textContent(), /made outside the console/);
    await page.locator('[data-testid=rollback-1]').click();
    await page.locator('[data-testid=confirm-dialog]').waitFor();
    await screenshot(page, 'config-rollback-confirm');
    await page.locator('[data-testid=confirm]').click();
    await page.locator('[data-testid=rollback-done]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=version-row][data-version="3"][data-source=rollback]').waitFor({ timeout: 15_000 });
    await configEventually(name, 'tasks.max', '1');
    await screenshot(page, 'config-history');
  } catch (e) {
    await screenshot(page, 'config-failure');
    throw e;
  } finally {
    await page.close();
    await connect('DELETE', `/connectors/${name}`).catch(() => {});
  }
});

test('a new password is masked in the review diff and audited by its key only', async () => {
  const { name, page } = await sinkOnConfigTab('cfg-secret', { 'target.db.password': 'first-secret-value' });
  try {
    await page.locator('[data-testid=config-field][data-key="tasks.max"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=config-mode-json]').click();
    const json = page.locator('[data-testid=config-json]');
    const config = JSON.parse(await json.inputValue());
    assert.equal(config['target.db.password'], '[redacted]', 'the stored secret never reaches the browser');
    config['target.db.password'] = 'second-secret-value';
    await json.fill(JSON.stringify(config, null, 2));
    await page.locator('[data-testid=config-mode-form]').click();
    await page.locator('[data-testid=config-review]').click();
    const row = page.locator('[data-testid=config-diff] tr[data-key="target.db.password"]');
    await row.waitFor();
    assert.doesNotMatch(await page.locator('[data-testid=config-diff]').innerText(), /second-secret-value/);
    assert.match(await row.innerText(), /\[redacted\][\s\S]*changed[\s\S]*\[redacted\]/);
    assert.equal(await page.locator('[data-testid=config-field][data-key="target.db.password"]').getAttribute('type'), 'password',
      'a key named like a secret is typed unseen');
    await page.locator('[data-testid=config-diff]').scrollIntoViewIfNeeded();
    await screenshot(page, 'config-secret-diff', false);
    await page.locator('[data-testid=apply-patch]').click();
    await page.locator('[data-testid=config-saved]').waitFor({ timeout: 30_000 });
    await configEventually(name, 'target.db.password', 'second-secret-value');

    const api = await adminApi(ctx.sluice.url);
    const audit = await api('GET', `/audit?connector=${encodeURIComponent(name)}&action=edit_config`);
    const text = JSON.stringify(audit);
    assert.doesNotMatch(text, /second-secret-value|first-secret-value/, 'no secret in the audit log');
    const entry = audit.find((e) => e.action === 'edit_config');
    const { changes } = entry.detail;
    assert.deepEqual(changes, [{ key: 'target.db.password', before: '[redacted]', after: '[redacted]' }]);
  } catch (e) {
    await screenshot(page, 'config-secret-failure');
    throw e;
  } finally {
    await page.close();
    await connect('DELETE', `/connectors/${name}`).catch(() => {});
  }
});

test('in JSON a typed password shows masked, the mask keeps it, and a value typed over it replaces it', async () => {
  const { name, page } = await sinkOnConfigTab('cfg-json-secret', { 'target.db.password': 'stored-secret-value' });
  try {
    const password = page.locator('[data-testid=config-field][data-key="target.db.password"]');
    await password.waitFor({ timeout: 30_000 });
    await password.fill('typed-in-form-value');

    // Typed in the form: the JSON shows the sentinel, never the value.
    await page.locator('[data-testid=config-mode-json]').click();
    const json = page.locator('[data-testid=config-json]');
    assert.doesNotMatch(await json.inputValue(), /typed-in-form-value/);
    const config = JSON.parse(await json.inputValue());
    assert.equal(config['target.db.password'], '[redacted]');
    await page.locator('[data-testid=typed-secrets-hint]').waitFor();
    await screenshot(page, 'config-json-typed-secret');

    // Another key edited around the untouched mask: the typed password stays in the edit.
    config['tasks.max'] = '2';
    await json.fill(JSON.stringify(config, null, 2));
    await page.locator('[data-testid=config-mode-form]').click();
    assert.equal(await password.inputValue(), 'typed-in-form-value', 'the mask kept what was typed');
    assert.equal(await page.locator('[data-testid=config-field][data-key="tasks.max"]').inputValue(), '2');

    // A value typed over the mask is the new secret, masked too once the text is left.
    await page.locator('[data-testid=config-mode-json]').click();
    const again = JSON.parse(await json.inputValue());
    assert.equal(again['target.db.password'], '[redacted]');
    again['target.db.password'] = 'typed-in-json-value';
    await json.fill(JSON.stringify(again, null, 2));
    await page.locator('[data-testid=config-editor] h2').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid=config-json]').value.includes('typed-in-json-value'));
    assert.equal(JSON.parse(await json.inputValue())['target.db.password'], '[redacted]');
    await page.locator('[data-testid=config-mode-form]').click();
    assert.equal(await password.inputValue(), 'typed-in-json-value');

    await page.locator('[data-testid=config-review]').click();
    assert.doesNotMatch(await page.locator('[data-testid=config-diff]').innerText(), /typed-in-(form|json)-value/);
    await page.locator('[data-testid=apply-patch]').click();
    await page.locator('[data-testid=config-saved]').waitFor({ timeout: 30_000 });
    await configEventually(name, 'target.db.password', 'typed-in-json-value');
    await configEventually(name, 'tasks.max', '2');
  } catch (e) {
    await screenshot(page, 'config-json-secret-failure');
    throw e;
  } finally {
    await page.close();
    await connect('DELETE', `/connectors/${name}`).catch(() => {});
  }
});

test('while Connect reports errors, Apply waits for an explicit "apply anyway"', async () => {
  const { name, page } = await sinkOnConfigTab('cfg-anyway');
  try {
    const tasksMax = page.locator('[data-testid=config-field][data-key="tasks.max"]');
    await tasksMax.waitFor({ timeout: 30_000 });
    await tasksMax.fill('abc');
    await page.locator('[data-testid=field-error][data-key="tasks.max"]').first().waitFor({ timeout: 30_000 });

    await page.locator('[data-testid=config-review]').click();
    const put = page.locator('[data-testid=apply-put]');
    const patch = page.locator('[data-testid=apply-patch]');
    const anyway = page.locator('[data-testid=apply-anyway]');
    await anyway.waitFor();
    assert.equal(await patch.isDisabled(), true, 'Connect will refuse it: no applying by default');
    assert.equal(await put.isDisabled(), true);
    assert.equal(await anyway.isChecked(), false);
    assert.match(await page.locator('label', { has: anyway }).innerText(), /Apply anyway: Connect reports \d+ errors?/);
    await screenshot(page, 'config-apply-anyway');

    // Keyboard only: back from "Keep editing" past the disabled buttons to the box, Space ticks it.
    await page.getByRole('button', { name: 'Keep editing' }).focus();
    await page.keyboard.press('Shift+Tab');
    assert.equal(await anyway.evaluate((el) => el === document.activeElement), true, 'the box is reachable by keyboard');
    await page.keyboard.press('Space');
    assert.equal(await anyway.isChecked(), true);
    assert.equal(await patch.isDisabled(), false);
    assert.equal(await put.isDisabled(), false);

    // Applied anyway: Connect's refusal is shown, nothing changes.
    await patch.click();
    await page.locator('[data-testid=config-diff] [data-testid=error-notice]').waitFor({ timeout: 30_000 });

    // Fixed: the choice is gone with the errors and Apply is offered again.
    await tasksMax.fill('2');
    await page.locator('[data-testid=validate-state]').filter({ hasText: 'Connect: valid' }).waitFor({ timeout: 30_000 });
    await anyway.waitFor({ state: 'detached' });
    assert.equal(await patch.isDisabled(), false);
    await patch.click();
    await page.locator('[data-testid=config-saved]').waitFor({ timeout: 30_000 });
    await configEventually(name, 'tasks.max', '2');
  } catch (e) {
    await screenshot(page, 'config-anyway-failure');
    throw e;
  } finally {
    await page.close();
    await connect('DELETE', `/connectors/${name}`).catch(() => {});
  }
});

test('markup in config values is shown as text, never run', async () => {
  const payloads = {
    'x.sluice.note': '<img src=x onerror="window.__pwned = 1">',
    'x.sluice.script': '<script>window.__pwned = 2</script>',
  };
  const { name, page } = await sinkOnConfigTab('xss', payloads);
  let dialogs = 0;
  page.on('dialog', async (d) => { dialogs += 1; await d.dismiss(); });
  try {
    await page.locator('[data-testid=config-field][data-key="tasks.max"]').waitFor({ timeout: 30_000 });
    for (const [key, value] of Object.entries(payloads)) {
      const field = page.locator(`[data-key="${key}"] input, input[data-key="${key}"]`).first();
      await field.waitFor({ timeout: 15_000 });
      assert.equal(await field.inputValue(), value, `${key} is shown as the text it is`);
    }
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no payload ran');
    assert.equal(await page.locator('img[src=x]').count(), 0, 'no element was made from a value');
    assert.equal(dialogs, 0);
  } finally {
    await page.close();
    await connect('DELETE', `/connectors/${name}`).catch(() => {});
  }
});

// Export from the fleet selection and import through the dry run in a real browser, against
// the real stack: the exported file recreates a deleted connector, with progress and a result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect, screenshot, signIn, sluiceAndBrowser, unique } from '../lib/harness.js';

const ctx = sluiceAndBrowser();

test('export a selection, delete it, import the file back with a dry run and progress', async () => {
  const name = unique('xfer');
  await connect('POST', '/connectors', {
    name,
    config: {
      'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
      topics: `${name}-t`, file: '/dev/null', 'tasks.max': '1',
    },
  });
  const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  try {
    await signIn(page, ctx.sluice.url);
    await page.locator('[data-testid=fleet-search]').fill(name);
    await page.locator(`[data-testid=connector-row][data-connector="${name}"] [data-testid=select-row]`).check();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=bulk-export]').click(),
    ]);
    const file = await download.path();
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(doc.sluice_export, 1);
    assert.deepEqual(doc.connectors.map((c) => c.name), [name]);
    assert.equal(doc.connectors[0].config.topics, `${name}-t`);

    await connect('DELETE', `/connectors/${name}`);
    await page.locator('a[href="/transfer"]').click();
    await page.locator('[data-testid=import-file]').setInputFiles(file);
    await page.waitForFunction((n) => document.querySelector('[data-testid=import-text]').value.includes(n), name);
    await page.locator('[data-testid=import-dry-run]').click();
    const row = page.locator(`[data-testid=plan-row][data-connector="${name}"]`);
    await row.waitFor({ timeout: 30_000 });
    assert.equal(await row.getAttribute('data-action'), 'create');
    await screenshot(page, 'import-dry-run');
    await page.locator('[data-testid=import-apply]').click();
    await page.locator('[data-testid=import-progress]').filter({ hasText: '1 of 1' }).waitFor({ timeout: 30_000 });
    const result = page.locator(`[data-testid=import-results] li[data-connector="${name}"]`);
    await result.waitFor();
    assert.equal(await result.getAttribute('data-ok'), 'true');
    assert.match(await result.textContent(), /created/);
    await screenshot(page, 'import-applied');
    const config = await connect('GET', `/connectors/${name}/config`);
    assert.equal(config.topics, `${name}-t`);
  } catch (e) {
    await screenshot(page, 'transfer-failure');
    throw e;
  } finally {
    await page.close();
    await connect('DELETE', `/connectors/${name}`).catch(() => {});
  }
});

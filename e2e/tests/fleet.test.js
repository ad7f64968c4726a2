// The fleet page and a connector's detail page in a real browser against the real stack:
// bulk pause / resume / stop / restart-only-failed with confirmation and per-connector results,
// lifecycle actions on the detail page, and the offsets walk-through stop → alter → resume.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  connect, postgresConnector, removeConnector, root, screenshot, signIn, sluiceAndBrowser, unique, waitFor,
} from '../lib/harness.js';

const ctx = sluiceAndBrowser();

function fileSink(name, topic, file = '/dev/null') {
  return {
    name,
    config: {
      'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
      topics: topic, file, 'tasks.max': '1',
    },
  };
}

async function rowsIn(page, prefix, state) {
  const rows = page.locator(`[data-testid=connector-row][data-connector^="${prefix}"]`);
  return { rows, inState: page.locator(`[data-testid=connector-row][data-connector^="${prefix}"][data-state=${state}]`) };
}

async function waitAll(page, prefix, state, count) {
  const { inState } = await rowsIn(page, prefix, state);
  for (let i = 0; i < 120; i++) {
    if (await inState.count() === count) return;
    await page.waitForTimeout(250);
  }
  assert.fail(`expected ${count} ${prefix}* rows in ${state}, got ${await inState.count()}`);
}

async function bulk(page, action) {
  await page.locator(`[data-testid=bulk-${action}]`).click();
  const dialog = page.locator('[data-testid=confirm-dialog]');
  await dialog.waitFor();
  const plan = await dialog.locator('[data-testid=bulk-plan]').textContent();
  await screenshot(page, `fleet-confirm-${action}`);
  await dialog.locator('[data-testid=confirm]').click();
  const results = page.locator('[data-testid=bulk-results]');
  // A restart retried through a rebalance may take up to the client's 30 s budget.
  await results.waitFor({ timeout: 60_000 });
  return { plan, results };
}

test('bulk actions on a selection: confirmation lists the changes, results come per connector', async () => {
  const prefix = unique('bulk');
  const names = [0, 1, 2].map((i) => `${prefix}-${i}`);
  for (const n of names) await connect('POST', '/connectors', fileSink(n, `${n}-t`));
  // A sink whose task cannot open its file: RUNNING connector, FAILED task (degraded).
  const broken = `${prefix}-broken`;
  await connect('POST', '/connectors', fileSink(broken, `${broken}-t`, '/nonexistent-dir/out.txt'));
  const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 900 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  try {
    await signIn(page, ctx.sluice.url);
    await page.locator('[data-testid=live-state]').filter({ hasText: /^live$/ }).waitFor({ timeout: 15_000 });
    await page.locator('[data-testid=fleet-search]').fill(prefix);
    await waitAll(page, prefix, 'RUNNING', 4);
    const degraded = page.locator(`[data-testid=connector-row][data-connector="${broken}"][data-health=degraded]`);
    // Until its task is created and fails, the broken sink runs without tasks (also degraded).
    await page.locator(`[data-testid=connector-row][data-connector="${broken}"] [data-testid=task-counts]`)
      .filter({ hasText: '1 failed' }).waitFor({ timeout: 30_000 });
    assert.match(await degraded.textContent(), /task 0: .*FileNotFoundException|task 0: .*nonexistent/);

    await page.locator('[data-testid=select-all]').check();
    await screenshot(page, 'fleet-selection');
    let { plan, results } = await bulk(page, 'pause');
    assert.match(plan, /running → paused/);
    await screenshot(page, 'fleet-bulk-results');
    assert.match(await results.textContent(), /4 of 4 done/);
    await page.evaluate(() => { window.__sluiceMarker = 'same-document'; });
    await waitAll(page, prefix, 'PAUSED', 4);
    await results.locator('button').click();

    ({ plan, results } = await bulk(page, 'resume'));
    assert.match(plan, /paused → running/);
    await waitAll(page, prefix, 'RUNNING', 4);
    await results.locator('button').click();

    ({ plan, results } = await bulk(page, 'stop'));
    assert.match(await results.textContent(), /4 of 4 done/);
    await waitAll(page, prefix, 'STOPPED', 4);
    await results.locator('button').click();
    ({ results } = await bulk(page, 'resume'));
    await waitAll(page, prefix, 'RUNNING', 4);
    await results.locator('button').click();
    // Resumed from STOPPED, tasks are created again: wait until the broken one has failed anew
    // (until then it runs without tasks, which the list also flags as degraded).
    await page.locator(`[data-testid=connector-row][data-connector="${broken}"] [data-testid=task-counts]`)
      .filter({ hasText: '1 failed' }).waitFor({ timeout: 30_000 });

    // Restart only failed: the plan names the one failed task and skips the healthy ones.
    ({ plan, results } = await bulk(page, 'restart-failed'));
    assert.match(plan, new RegExp(`${broken}.*restart 1 failed task`));
    assert.match(plan, /skipped: nothing has failed/);
    assert.match(await results.textContent(), /1 of 1 done/);
    assert.equal(await page.evaluate(() => window.__sluiceMarker), 'same-document', 'no reload');

    // Filters: the degraded chip narrows the list to the broken sink.
    await page.locator('[data-testid=count-degraded]').click();
    // The rows from before the click are still on screen for a moment: wait for the filter.
    const rows = page.locator(`[data-testid=connector-row][data-connector^="${prefix}"]`);
    for (let i = 0; i < 40 && await rows.count() !== 1; i++) await page.waitForTimeout(250);
    assert.equal(await rows.count(), 1);
    await screenshot(page, 'fleet-filter-degraded');
  } catch (e) {
    await screenshot(page, 'fleet-failure');
    console.error(problems.join('\n'));
    throw e;
  } finally {
    await page.close();
    for (const n of [...names, broken]) await connect('DELETE', `/connectors/${n}`).catch(() => {});
  }
});

test("the fleet's search, state filter and sort live in the URL: Back and a reload keep them", async () => {
  const prefix = unique('back');
  const names = [0, 1].map((i) => `${prefix}-${i}`);
  for (const n of names) await connect('POST', '/connectors', fileSink(n, `${n}-t`));
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await signIn(page, ctx.sluice.url);
    await page.locator('[data-testid=fleet-search]').fill(prefix);
    await waitAll(page, prefix, 'RUNNING', 2);
    // Every state's chip is there, a zero count too.
    assert.equal(await page.locator('[data-testid^=count-]').count(), 8);
    await page.locator('[data-testid=count-running]').click();
    // Sorted by name (already), now descending: the second connector first.
    await page.locator('thead').getByRole('button', { name: /^Connector/ }).click();
    await page.waitForFunction(() => /desc=1/.test(location.search));
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('q'), prefix);
    assert.equal(url.searchParams.get('state'), 'running');
    const first = () => page.locator('[data-testid=connector-row]').first().getAttribute('data-connector');
    // The address changes in the same turn as the sort; the rows are drawn a moment later.
    const sorted = () => waitFor('the second connector first', async () => (await first()) === names[1], 10_000);
    await sorted();

    await page.locator(`[data-testid=connector-row][data-connector="${names[0]}"] a`).click();
    await page.locator('[data-testid=connector-header]').waitFor();
    await page.goBack();
    await waitAll(page, prefix, 'RUNNING', 2);
    assert.equal(await page.locator('[data-testid=fleet-search]').inputValue(), prefix, 'the search is back');
    assert.equal(await page.locator('[data-testid=count-running]').getAttribute('aria-pressed'), 'true', 'the state filter is back');
    await sorted();

    await page.reload();
    await waitAll(page, prefix, 'RUNNING', 2);
    assert.equal(await page.locator('[data-testid=fleet-search]').inputValue(), prefix, 'a reload keeps it too');
    await screenshot(page, 'fleet-url-state');
  } finally {
    await page.close();
    for (const n of names) await connect('DELETE', `/connectors/${n}`).catch(() => {});
  }
});

test('detail page: pause and resume with confirmation, then offsets stop → alter → resume', async () => {
  const name = unique('detail');
  const topic = `${name}-t`;
  await connect('POST', '/connectors', fileSink(name, topic));
  const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await signIn(page, ctx.sluice.url);
    await page.locator('[data-testid=fleet-search]').fill(name);
    await page.locator(`[data-testid=connector-row][data-connector="${name}"] a`).click();
    const header = page.locator('[data-testid=connector-header]');
    await header.and(page.locator('[data-state=RUNNING]')).waitFor({ timeout: 30_000 });
    assert.match(await header.textContent(), /FileStreamSinkConnector/);
    await page.locator('[data-testid=task-row][data-state=RUNNING]').waitFor({ timeout: 30_000 });

    await page.locator('[data-testid=action-pause]').click();
    await page.locator('[data-testid=confirm-dialog]').waitFor();
    await screenshot(page, 'detail-confirm-pause');
    await page.locator('[data-testid=confirm]').click();
    await header.and(page.locator('[data-state=PAUSED]')).waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=action-resume]').click();
    await page.locator('[data-testid=confirm]').click();
    await header.and(page.locator('[data-state=RUNNING]')).waitFor({ timeout: 30_000 });

    // One task restarts on its own, after a confirmation.
    await page.locator('[data-testid=task-row][data-state=RUNNING]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=restart-task]').click();
    await page.locator('[data-testid=confirm]').click();
    await page.locator('[data-testid=confirm-dialog]').waitFor({ state: 'detached', timeout: 30_000 });
    await page.locator('[data-testid=task-row][data-state=RUNNING]').waitFor({ timeout: 30_000 });

    await page.locator('[data-testid=tab-offsets]').click();
    await page.locator('[data-testid=offsets-edit]').click();
    await page.locator('[data-testid=offsets-stop]').click();
    await header.and(page.locator('[data-state=STOPPED]')).waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=offsets-apply]:enabled').waitFor({ timeout: 30_000 });
    if (await page.locator('[data-testid=offset-input]').count() === 0) {
      await page.locator('[data-testid=offsets-add-row]').click();
    }
    await page.locator('[data-testid=offsets-rows] input[aria-label=Topic]').first().fill(topic);
    await page.locator('[data-testid=offsets-rows] input[aria-label=Topic]').first().dispatchEvent('change');
    await page.locator('[data-testid=offset-input]').first().fill('0');
    await page.locator('[data-testid=offset-input]').first().dispatchEvent('change');
    await page.locator('[data-testid=offsets-apply]').click();
    const message = page.locator('[data-testid=offsets-message]');
    await message.waitFor({ timeout: 30_000 });
    assert.match(await message.textContent(), /altered successfully/);
    await page.locator('[data-testid=offsets-json]').filter({ hasText: '"kafka_offset": 0' }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'detail-offsets-altered');
    await page.locator('[data-testid=offsets-resume]').click();
    await header.and(page.locator('[data-state=RUNNING]')).waitFor({ timeout: 30_000 });
    const offsets = await connect('GET', `/connectors/${name}/offsets`);
    assert.equal(offsets.offsets[0].partition.kafka_topic, topic);
  } catch (e) {
    await screenshot(page, 'detail-failure');
    throw e;
  } finally {
    await page.close();
    await connect('DELETE', `/connectors/${name}`).catch(() => {});
  }
});

test('deleting a Debezium PostgreSQL connector offers to drop its slot, after a second confirmation', async () => {
  const spec = postgresConnector(unique('slot'));
  const slot = spec.config['slot.name'];
  await connect('POST', '/connectors', spec);
  const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await signIn(page, ctx.sluice.url);
    await page.goto(`${ctx.sluice.url}/clusters/local/connectors/${spec.name}`);
    await page.locator('[data-testid=task-row][data-state=RUNNING]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid=action-delete]').click();
    const info = page.locator('[data-testid=slot-info]');
    await info.waitFor({ timeout: 15_000 });
    assert.match(await info.textContent(), new RegExp(`${slot}.*in use by the connector`));
    await page.locator('[data-testid=drop-slot]').check();
    await page.locator('[data-testid=confirm]').click();
    await page.locator('[data-testid=drop-slot-warning]').waitFor();
    await screenshot(page, 'delete-drop-slot');
    await page.locator('[data-testid=confirm]').click();
    await page.locator('[data-testid=fleet-search]').waitFor({ timeout: 60_000 });
    const left = execFileSync(join(root, 'dev', 'stack'), ['psql', '-tAc',
      `SELECT count(*) FROM pg_replication_slots WHERE slot_name='${slot}'`]).toString().trim();
    assert.equal(left, '0', 'the slot was dropped');
  } catch (e) {
    await screenshot(page, 'delete-failure');
    throw e;
  } finally {
    await page.close();
    await removeConnector(spec.name, slot).catch(() => {});
  }
});

// The Kafka data plane in the browser, against the real stack: a FileStream sink reading with
// JsonConverter (schemas on) fails for real on plain JSON and text, Connect writes the failures
// to its DLQ with context headers; a tenant operator finds the queue in the list, sees the
// records grouped by exception with decoded headers, fixes the cause, redrives the group with
// progress and the records reach the sink's file. The change-event viewer shows an insert,
// update and delete of the demo database as before/after diffs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  adminApi, connectUrl, jolokia, postgresConnector, removeConnector, root, screenshot, signIn,
  sluiceAndBrowser, unique, waitFor,
} from '../lib/harness.js';

const kafkaBootstrap = `127.0.0.1:${process.env.SLUICE_KAFKA_PORT ?? '9092'}`;
const ctx = sluiceAndBrowser([{ id: 'local', name: 'Local dev stack', url: connectUrl, kafkaBootstrap, metrics: jolokia }]);
const stack = (...args) => execFileSync(join(root, 'dev', 'stack'), args, { timeout: 120_000 }).toString();

/** Tenant `acme` and its operator `dora`, once for the file. */
async function acmeOperator(api) {
  const existing = (await api('GET', '/tenants')).map((t) => t.id);
  if (!existing.includes('acme')) {
    await api('POST', '/tenants', { id: 'acme', display_name: 'Acme', connector_prefix: 'acme-', topic_prefix: 'acme.' });
  }
  const users = (await api('GET', '/users')).map((u) => u.username);
  if (!users.includes('dora')) {
    await api('POST', '/users', { username: 'dora', password: 'dora-password-long', role: 'operator', tenant: 'acme' });
  }
}

test('dead letters are grouped and decoded, and redriven after the fix until they reach the sink', async () => {
  const api = await adminApi(ctx.sluice.url);
  await acmeOperator(api);
  const tag = unique('dlq').slice(4);
  const topic = `acme.${tag}.orders`;
  const input = join(tmpdir(), `${tag}.in`);
  const output = join(tmpdir(), `${tag}.out`);
  writeFileSync(input, '{"id":101,"sku":"anvil"}\n{"id":102,"sku":"rocket"}\nnot json at all\n');
  const source = `acme-${tag}-src`;
  const sink = `acme-${tag}-sink`;
  const sinkConfig = (schemas) => ({
    'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
    topics: topic, file: output, 'tasks.max': '1',
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': String(schemas),
    'errors.tolerance': 'all',
    'errors.deadletterqueue.topic.name': `acme.${tag}.dlq`,
    'errors.deadletterqueue.topic.replication.factor': '1',
    'errors.deadletterqueue.context.headers.enable': 'true',
  });
  await api('POST', '/clusters/local/connectors', {
    name: source, tenant: 'acme',
    config: {
      'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector',
      file: input, topic, 'tasks.max': '1',
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    },
  });
  await api('POST', '/clusters/local/connectors', { name: sink, tenant: 'acme', config: sinkConfig(true) });
  const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  try {
    await signIn(page, ctx.sluice.url, 'dora', 'dora-password-long');
    await page.goto(`${ctx.sluice.url}/dlqs`);
    const row = page.locator(`[data-testid=dlq-row][data-connector="${sink}"]`);
    // The list refreshes on its own until Connect has written all three failures.
    await row.locator('[data-testid=dlq-depth]').filter({ hasText: /^\s*3\s*$/ }).waitFor({ timeout: 90_000 });
    await screenshot(page, 'dlq-list');

    await row.locator('[data-testid=dlq-open]').click();
    const group = page.locator('[data-testid=dlq-group][data-count="2"]');
    await group.waitFor({ timeout: 30_000 });
    assert.match(await group.getAttribute('data-exception'), /DataException/);
    assert.match(await group.textContent(), /schemas\.enable/);
    await page.locator('[data-testid=dlq-group][data-count="1"]').waitFor();
    const records = page.locator('[data-testid=dlq-record]');
    await waitFor('three records', async () => (await records.count()) === 3);
    assert.equal(await records.first().getAttribute('data-offset'), '2', 'newest first');

    // The newest record's headers, decoded.
    await records.first().locator('[data-testid=record-expand]').click();
    const detail = page.locator('[data-testid=record-detail]').first();
    await detail.waitFor();
    assert.match(await detail.locator('[data-testid=error-stage]').textContent(), /VALUE_CONVERTER|value converter/i);
    assert.match(await detail.locator('[data-testid=error-origin]').textContent(), new RegExp(`${topic.replaceAll('.', '\\.')}.*\\b2\\b`, 's'));
    assert.match(await detail.locator('[data-testid=error-exception]').textContent(), /DataException/);
    assert.match(await detail.locator('[data-testid=payload][data-part=value]').textContent(), /not json at all/);
    await screenshot(page, 'dlq-record-decoded');

    // The cause: the producers write plain JSON. Fixed, then the group is redriven.
    await api('PUT', `/clusters/local/connectors/${sink}/config`, sinkConfig(false));
    await group.click();
    await waitFor('the group filtered', async () => (await records.count()) === 2);
    await page.locator('[data-testid=redrive-matching]').click();
    const dialog = page.locator('[data-testid=redrive-dialog]');
    await dialog.waitFor();
    await page.locator('[data-testid=redrive-dry-run]').click();
    await page.locator('[data-testid=redrive-plan-count][data-count="2"]').waitFor({ timeout: 30_000 });
    await page.locator(`[data-testid=redrive-plan-target][data-topic="${topic}"]`).waitFor();
    await screenshot(page, 'dlq-redrive-plan');
    await page.locator('[data-testid=redrive-start]').click();
    const job = page.locator('[data-testid=redrive-job][data-state="done"]');
    await job.waitFor({ timeout: 60_000 });
    const progress = job.locator('[data-testid=job-progress]');
    assert.equal(await progress.getAttribute('data-sent'), '2');
    assert.equal(await progress.getAttribute('data-total'), '2');
    await screenshot(page, 'dlq-redrive-done');

    const written = await waitFor('the redriven records in the sink file', () => {
      const text = existsSync(output) ? readFileSync(output, 'utf8') : '';
      return text.includes('id=101') && text.includes('id=102') ? text : null;
    });
    assert.match(written, /sku=anvil/);

    // A reload keeps the job: it lives on the server.
    await page.reload();
    await page.locator('[data-testid=redrive-job][data-state="done"]').waitFor({ timeout: 30_000 });
  } catch (e) {
    await screenshot(page, 'dlq-failure');
    throw e;
  } finally {
    await page.close();
    await removeConnector(sink);
    await removeConnector(source);
    rmSync(input, { force: true });
    rmSync(output, { force: true });
  }
});

test('the change-event viewer shows an insert, update and delete as before/after diffs', async () => {
  const api = await adminApi(ctx.sluice.url);
  const name = unique('events');
  const { config } = postgresConnector(name);
  await api('POST', '/clusters/local/connectors', { name, config });
  const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const email = `${name}@example.com`;
  try {
    await signIn(page, ctx.sluice.url);
    await page.goto(`${ctx.sluice.url}/clusters/local/connectors/${name}`);
    await page.locator('[data-testid=tab-events]').click();
    // The snapshot's reads first; then a live tail catches the row's life.
    await page.locator('[data-testid=event-row]').first().waitFor({ timeout: 90_000 });
    await page.locator('[data-testid=events-tail]').check();
    await page.locator('[data-testid=tail-state]').filter({ hasText: /live|following|connected/i }).waitFor({ timeout: 30_000 });
    // Live means the server follows every partition from its end: the INSERT below is seen.
    stack('psql', '-c', `INSERT INTO customers (first_name, last_name, email) VALUES ('Ada', 'Lovelace', '${email}')`);
    stack('psql', '-c', `UPDATE customers SET last_name = 'Byron' WHERE email = '${email}'`);
    stack('psql', '-c', `DELETE FROM customers WHERE email = '${email}'`);
    const row = (op) => page.locator(`[data-testid=event-row][data-kind=change][data-op="${op}"]`).filter({ hasText: /Lovelace|Byron/ }).first();
    await row('d').waitFor({ timeout: 60_000 });
    const update = row('u');
    await update.waitFor();
    const diff = update.locator('[data-testid=column-diff]');
    assert.match(await diff.textContent(), /last_name[\s\S]*Lovelace[\s\S]*Byron/);
    assert.doesNotMatch(await diff.textContent(), /first_name/, 'only changed columns');
    assert.match(await update.locator('[data-testid=change-position]').textContent(), /lsn/i);
    await row('c').waitFor();
    await page.locator('[data-testid=event-row][data-kind=tombstone]').first().waitFor();
    // The newest rows: the delete, its tombstone, the update and the insert.
    await page.locator('[data-testid=events]').scrollIntoViewIfNeeded();
    await screenshot(page, 'change-events', false);

    // What Debezium reports of itself, from the workers' Jolokia agents: the snapshot of
    // public.customers done, and how far behind the source the streamed changes were.
    await page.getByTestId('tab-health').click();
    const dbz = page.getByTestId('debezium-metrics');
    await dbz.waitFor({ timeout: 30_000 });
    assert.match(await dbz.getByTestId('dbz-behind').innerText(), /^\d+(\.\d)? (ms|s)$|min/);
    assert.equal(await dbz.getByTestId('dbz-snapshot').getAttribute('data-state'), 'completed');
    assert.match(await dbz.getByTestId('dbz-tables').innerText(), /^1 of 1 tables, \d+ rows read/);
    assert.match(await dbz.innerText(), /From Jolokia on 127\.0\.0\.1:\d+, bean debezium\.postgres server=/);
    await dbz.scrollIntoViewIfNeeded();
    await screenshot(page, 'debezium-metrics', false);
  } catch (e) {
    await screenshot(page, 'events-failure');
    throw e;
  } finally {
    await page.close();
    await removeConnector(name, name.replaceAll('-', '_'));
  }
});

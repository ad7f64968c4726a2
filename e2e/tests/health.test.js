// Health in the browser, against the real stack: a Debezium JDBC sink writing into a
// PostgreSQL table fails for real once the table is dropped. An operator turns auto-restart on
// from the connector's Health tab; the scheduler restarts the task on its schedule, declares a
// persistent failure when restarts do not help, and the page says so without a reload. The
// table comes back, the operator acknowledges, the record lands, and the timeline shows the
// failure, the restarts, the escalation and the recovery in order.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  adminApi, connectUrl, removeConnector, root, screenshot, signIn, sluiceAndBrowser, unique, waitFor,
  webhookReceiver,
} from '../lib/harness.js';

// Alerts go to a webhook receiver in this test.
const hook = await webhookReceiver();
after(() => hook.close());
const ctx = sluiceAndBrowser(
  [{ id: 'local', name: 'Local dev stack', url: connectUrl, kafkaBootstrap: `127.0.0.1:${process.env.SLUICE_KAFKA_PORT ?? '9092'}` }],
  `[health]\ninterval = "1s"\n[alerts]\nfailed_for = "1s"\n[[alerts.webhooks]]\nname = "ops"\nurl = "${hook.url}"`,
);
const psql = (sql) => execFileSync(join(root, 'dev', 'stack'), ['psql', '-tAc', sql], { timeout: 60_000 }).toString().trim();
const pgPort = process.env.SLUICE_PG_PORT ?? '15432';

/** A line JsonConverter (schemas on) reads as a struct {id, note}. */
const note = (id, text) => JSON.stringify({
  schema: { type: 'struct', optional: false, fields: [
    { field: 'id', type: 'int32', optional: false }, { field: 'note', type: 'string', optional: true }] },
  payload: { id, note: text },
});

test('a sink whose table is dropped is restarted, escalated, and recovers after the fix and an acknowledgement', async () => {
  const api = await adminApi(ctx.sluice.url);
  const tag = unique('health').slice(4).replaceAll('-', '_');
  const table = `${tag}_notes`;
  const topic = `${tag}.notes`;
  const input = join(tmpdir(), `${tag}.in`);
  const source = `e2e-${tag.replaceAll('_', '-')}-src`;
  const sink = `e2e-${tag.replaceAll('_', '-')}-sink`;
  psql(`CREATE TABLE ${table} (id INT NOT NULL, note TEXT)`);
  writeFileSync(input, `${note(1, 'first')}\n`);
  await api('POST', '/clusters/local/connectors', {
    name: source,
    config: {
      'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector',
      file: input, topic, 'tasks.max': '1',
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    },
  });
  await api('POST', '/clusters/local/connectors', {
    name: sink,
    config: {
      'connector.class': 'io.debezium.connector.jdbc.JdbcSinkConnector',
      topics: topic, 'tasks.max': '1',
      'connection.url': `jdbc:postgresql://127.0.0.1:${pgPort}/inventory`,
      'connection.username': 'postgres', 'connection.password': 'sluice-admin',
      'insert.mode': 'insert', 'primary.key.mode': 'none', 'schema.evolution': 'none',
      'table.name.format': table,
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable': 'true',
    },
  });
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 1100 } });
  try {
    await waitFor('the first row', () => psql(`SELECT count(*) FROM ${table}`) === '1', 90_000);
    await signIn(page, ctx.sluice.url);
    await page.goto(`${ctx.sluice.url}/clusters/local/connectors/${sink}`);
    await page.getByTestId('tab-health').click();
    await page.getByTestId('auto-restart-status').filter({ hasText: 'off' }).waitFor();
    // How far behind, measured in Kafka from the sink's consumer group, saying so.
    const lag = page.getByTestId('lag-figure');
    await lag.waitFor();
    assert.match(await lag.innerText(), /Records not yet consumed: \d+ records[\s\S]*consumer group connect-/);

    // Turned on for this connector from the form, by keyboard-friendly fields.
    await page.getByTestId('auto-restart-edit').click();
    await page.getByTestId('policy-enabled').check();
    await page.getByTestId('policy-backoff').fill('0, 2');
    await page.getByTestId('policy-max').fill('2');
    await page.getByTestId('policy-monitor').fill('60');
    await page.getByTestId('policy-save').click();
    await page.getByTestId('auto-restart-status').filter({ hasText: 'watching' }).waitFor();

    // The cause: the table is dropped and the next record cannot be written.
    psql(`DROP TABLE ${table}`);
    appendFileSync(input, `${note(2, 'second')}\n`);
    const notice = page.getByTestId('persistent-failure');
    await notice.waitFor({ timeout: 90_000 });
    assert.match(await notice.innerText(), /2 automatic restarts/);
    const entries = page.getByTestId('timeline-entry');
    await entries.filter({ hasText: 'persistent failure' }).first().waitFor();
    const restarts = await page.locator('[data-testid=timeline-entry][data-action=auto_restart]').allInnerTexts();
    assert.equal(restarts.length, 2, restarts.join('\n'));
    assert.match(restarts.join('\n'), /attempt 1 of 2/);
    assert.ok(await page.locator('[data-testid=lanes] rect[data-state=FAILED]').count() >= 1, 'a failed stretch is drawn');
    const trace = page.locator('[data-testid=timeline-entry] [data-testid=trace]').first();
    await trace.locator('summary').click();
    // The cause itself, not only Connect's "task gave up" first line.
    assert.match(await trace.getByTestId('root-cause').innerText(), /Could not find table/);
    await screenshot(page, 'health-persistent-failure');

    // The alert: told to the webhook, counted in the header, listed and acknowledged on the
    // Alerts page, where the plain failure is silenced for an hour.
    const told = (kind, status) => hook.bodies.some((b) => b.kind === kind && b.status === status && b.connector === sink);
    await waitFor('the webhook hears of the persistent failure', () => told('persistent_failure', 'firing'), 30_000);
    await page.getByTestId('alerts-firing').waitFor();
    await page.getByRole('link', { name: /^Alerts/ }).click();
    const alertRow = page.locator(`[data-testid=alert][data-kind=persistent_failure][data-connector="${sink}"]`);
    await alertRow.filter({ has: page.getByTestId('alert-state').filter({ hasText: 'firing' }) }).waitFor();
    assert.match(await alertRow.innerText(), /critical/);
    await alertRow.getByTestId('alert-ack').click();
    await alertRow.getByTestId('alert-acked').filter({ hasText: 'acknowledged by admin' }).waitFor();
    const failedRow = page.locator(`[data-testid=alert][data-kind=failed][data-connector="${sink}"]`);
    if (await failedRow.count()) {
      await failedRow.getByTestId('alert-silence').click();
      await page.getByTestId('silence-duration').selectOption({ label: '1 hour' });
      await page.getByTestId('silence-reason').fill('table being restored');
      await page.getByTestId('silence-save').click();
      await page.getByTestId('silence').filter({ hasText: 'table being restored' }).waitFor();
    }
    await screenshot(page, 'alerts-open');
    await page.goto(`${ctx.sluice.url}/clusters/local/connectors/${sink}`);
    await page.getByTestId('tab-health').click();
    await notice.waitFor();

    // The fix, then the acknowledgement: restarted at once, the record lands.
    psql(`CREATE TABLE ${table} (id INT NOT NULL, note TEXT)`);
    await page.getByTestId('acknowledge').click();
    await notice.waitFor({ state: 'detached' });
    await waitFor('the record that failed', () => psql(`SELECT string_agg(note, ',') FROM ${table}`) === 'second', 90_000);
    await entries.filter({ hasText: /Task 0 FAILED → RUNNING/ }).first().waitFor({ timeout: 30_000 });
    await entries.filter({ hasText: 'Persistent failure acknowledged' }).first().waitFor();
    await page.getByTestId('auto-restart-status').filter({ hasText: 'watching' }).waitFor();
    await waitFor('the webhook hears it resolve', () => told('persistent_failure', 'resolved'), 30_000);
    await page.locator('[data-testid=timeline-entry][data-kind=alert][data-change=resolved]').first().waitFor({ timeout: 20_000 });
    await screenshot(page, 'health-recovered');

    // The fleet's health: the states over time and the sink among the connectors that failed.
    await page.getByRole('link', { name: 'Health', exact: true }).click();
    const cluster = page.locator('[data-testid=cluster-health][data-cluster=local]');
    await cluster.getByTestId('stacked-states').waitFor();
    const row = cluster.locator(`[data-testid=heat-row][data-connector="${sink}"]`);
    await row.waitFor();
    assert.ok(Number(await row.locator('.heat-total').innerText()) >= 1, 'its failures are counted');
    await screenshot(page, 'fleet-health');
  } finally {
    await page.close();
    await removeConnector(sink);
    await removeConnector(source);
    rmSync(input, { force: true });
    psql(`DROP TABLE IF EXISTS ${table}`);
  }
});

// The creation wizard in a real browser against the real stack: a tenant's operator creates a
// Debezium PostgreSQL connector through every step (preflight, catalog preview with a column
// left out, snapshot, events, error handling, review) and a row inserted afterwards arrives in
// Kafka as a change event; an admin creates a MariaDB connector paused; preflight failures for
// a PostgreSQL at wal_level=replica, a user without REPLICATION and a MariaDB user without
// grants are shown with their fixes; a pasted config goes straight to review and is created stopped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  connect, connectUrl, removeConnector, root, screenshot, signIn, sluiceAndBrowser, unique,
} from '../lib/harness.js';

/** Records any error the page shows from now on (kept across in-app navigation). */
async function watchForErrors(page) {
  await page.evaluate(() => {
    window.sluiceErrors = [];
    new MutationObserver(() => {
      const shown = [...document.querySelectorAll('[data-testid=error-notice]')].map((e) => e.innerText);
      if (/No status found/.test(document.body.innerText)) shown.push(document.body.innerText.slice(0, 300));
      if (shown.length) window.sluiceErrors.push(...shown);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

const errorsSeen = (page) => page.evaluate(() => window.sluiceErrors);

const ctx = sluiceAndBrowser([
  { id: 'local', name: 'Local dev stack', url: connectUrl, kafkaBootstrap: '127.0.0.1:9092' },
]);
const pgPort = process.env.SLUICE_PG_PORT ?? '15432';
const mariaPort = process.env.SLUICE_MARIADB_PORT ?? '13306';
const stack = (...args) => execFileSync(join(root, 'dev', 'stack'), args, { timeout: 120_000 }).toString();

/** A call to Sluice's API from a signed-in page (session cookie + CSRF token). */
async function api(page, method, path, body) {
  return page.evaluate(async ([method, path, body]) => {
    const me = await (await fetch('/api/v1/auth/me')).json();
    const r = await fetch(path, {
      method,
      headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf_token },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: await r.text() };
  }, [method, path, body]);
}

async function newPage(user, password) {
  const context = await ctx.browser.newContext({ viewport: { width: 1300, height: 950 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await signIn(page, ctx.sluice.url, user, password);
  return { page, problems };
}

const next = (page) => page.locator('[data-testid=wizard-next]').click();

async function fillConnection(page, { port, user, password }) {
  await page.locator('[data-testid=answer-host]').fill('127.0.0.1');
  await page.locator('[data-testid=answer-port]').fill(port);
  await page.locator('[data-testid=answer-database]').fill('inventory');
  await page.locator('[data-testid=answer-user]').fill(user);
  await page.locator('[data-testid=answer-password]').fill(password);
}

async function runPreflight(page) {
  await page.locator('[data-testid=preflight-run]').click();
  const checks = page.locator('[data-testid=preflight-checks] li');
  await checks.first().waitFor({ timeout: 30_000 });
  return checks;
}

async function statuses(checks) {
  const out = {};
  for (const li of await checks.all()) {
    out[await li.getAttribute('data-check')] = await li.getAttribute('data-status');
  }
  return out;
}

/** Waits for the detail page's header to show `state`. */
async function headerState(page, state) {
  const header = page.locator('[data-testid=connector-header]');
  for (let i = 0; i < 240; i++) {
    if (await header.getAttribute('data-state').catch(() => null) === state) return;
    await page.waitForTimeout(250);
  }
  assert.fail(`detail page never showed ${state} (last ${await header.getAttribute('data-state').catch(() => '?')})`);
}

test('an operator creates a PostgreSQL CDC connector through every step and its change events arrive', async () => {
  const id = Date.now().toString(36);
  const tenant = `e2ewiz${id}`;
  const admin = await newPage();
  let r = await api(admin.page, 'POST', '/api/v1/tenants', {
    id: tenant, display_name: 'Wizard Co', connector_prefix: `e2e-wiz${id}-`, topic_prefix: `e2e_wiz${id}.`,
  });
  assert.equal(r.status, 201, r.body);
  r = await api(admin.page, 'POST', '/api/v1/users', {
    username: `op${id}`, password: 'operator-password-123', role: 'operator', tenant,
  });
  assert.equal(r.status, 201, r.body);

  const { page, problems } = await newPage(`op${id}`, 'operator-password-123');
  await page.getByRole('link', { name: 'New connector' }).click();
  await page.locator('[data-testid=wizard-start]').waitFor();
  assert.equal(await page.locator('[data-testid=wizard-next]').isDisabled(), true, 'nothing chosen yet');
  await page.locator('[data-testid=kind-postgres]').check();
  await screenshot(page, 'wizard-1-start');
  await next(page);

  // Step 2: connection, generated name and topic prefix inside the tenant, preflight.
  await page.locator('[data-testid=wizard-connection]').waitFor();
  await fillConnection(page, { port: pgPort, user: 'dbz', password: 'dbz-secret-pw' });
  const name = await page.locator('[data-testid=answer-name]').inputValue();
  assert.equal(name, `e2e-wiz${id}-inventory-postgresql-cdc`);
  const topicPrefix = await page.locator('[data-testid=answer-topic_prefix]').inputValue();
  assert.equal(topicPrefix, `e2e_wiz${id}.inventory`);
  assert.match(await page.locator('[data-testid=wizard-blocked]').textContent(), /preflight/);
  let checks = await runPreflight(page);
  // dev/stack's dbz_publication publishes all tables: filtered mode could not narrow it, and
  // the check says what to choose instead.
  assert.equal((await statuses(checks)).publication, 'warn');
  assert.match(await page.locator('[data-check=publication] [data-testid=check-hint]').textContent(), /use the existing publication as is/);
  await page.locator('[data-testid=answer-publication_autocreate]').selectOption('disabled');
  checks = await runPreflight(page);
  assert.deepEqual(await statuses(checks), {
    reachable: 'pass', credentials: 'pass', version: 'pass', wal_level: 'pass',
    replication_privilege: 'pass', free_slots: 'pass', slot: 'pass', publication: 'pass',
  });
  await screenshot(page, 'wizard-2-connection');
  await next(page);

  // Step 3: the real catalog; tick one table, leave a column out; going back keeps everything.
  const preview = page.locator('[data-testid=capture-preview]');
  await preview.waitFor({ timeout: 20_000 });
  const customers = preview.locator('tr[data-table="public.customers"]');
  assert.equal(await customers.getAttribute('data-captured'), 'true', 'everything is captured by default');
  // Unticking one table names the others in an include list: a table created later is not
  // captured unseen, as an exclude list would.
  const listed = await preview.locator('tr[data-table]').evaluateAll((rows) => rows.map((r) => r.dataset.table));
  await preview.locator('tr[data-table="public.products"] input[type=checkbox]').uncheck();
  assert.equal(await page.locator('[data-testid=answer-table_include]').inputValue(),
    listed.filter((t) => t !== 'public.products').map((t) => t.replaceAll('.', '\\.')).join(', '));
  assert.equal(await page.locator('[data-testid=answer-table_exclude]').inputValue(), '', 'no exclude list');
  assert.equal(await preview.locator('tr[data-table="public.products"]').getAttribute('data-captured'), 'false');
  // A pattern typed, then a table ticked and unticked: the preview follows both live.
  await page.locator('[data-testid=answer-table_include]').fill('public\\.cust.*');
  await page.waitForFunction(() => document.querySelector('[data-testid=capture-summary]')?.textContent.startsWith('1 of'));
  const orders = preview.locator('tr[data-table="public.orders"]');
  await orders.locator('input[type=checkbox]').check();
  assert.equal(await page.locator('[data-testid=answer-table_include]').inputValue(), 'public\\.cust.*, public\\.orders');
  assert.equal(await orders.getAttribute('data-captured'), 'true');
  await orders.locator('input[type=checkbox]').uncheck();
  assert.equal(await page.locator('[data-testid=answer-table_include]').inputValue(), 'public\\.cust.*');
  for (const row of await preview.locator('tr[data-table]').all()) {
    const table = await row.getAttribute('data-table');
    assert.equal(await row.getAttribute('data-captured'), String(table === 'public.customers'), table);
  }
  await page.locator('[data-testid=answer-column_exclude]').fill('public\\.customers\\.last_name');
  await customers.locator('.column-off[data-column=last_name]').waitFor();
  await screenshot(page, 'wizard-3-capture');
  await page.locator('[data-testid=wizard-back]').click();
  assert.equal(await page.locator('[data-testid=answer-host]').inputValue(), '127.0.0.1', 'Back keeps answers');
  assert.equal(await page.locator('[data-testid=preflight-checks] li').count(), 8, 'and the preflight result');
  await next(page);
  assert.equal(await page.locator('[data-testid=answer-column_exclude]').inputValue(), 'public\\.customers\\.last_name');
  await next(page);

  // Step 4: the modes of the installed Debezium, explained.
  await page.locator('[data-testid=wizard-snapshot]').waitFor();
  assert.ok(await page.locator('[data-testid=snapshot-no_data]').count() === 1, 'no_data is offered (Debezium ≥ 2.6)');
  assert.equal(await page.locator('[data-testid=snapshot-schema_only]').count(), 0, 'its old name is not');
  await page.locator('[data-testid=snapshot-initial]').check();
  await screenshot(page, 'wizard-4-snapshot');
  await next(page);

  // Step 5: events.
  await page.locator('[data-testid=wizard-events]').waitFor();
  await page.locator('[data-testid="answer-events.heartbeat_ms"]').fill('10000');
  await page.locator('[data-testid=answer-decimal_handling]').selectOption('string');
  await page.locator('[data-testid=answer-transaction_metadata]').check();
  await screenshot(page, 'wizard-5-events');
  await next(page);

  // Step 6: the truth about sources and DLQs.
  await page.locator('[data-testid=wizard-errors]').waitFor();
  assert.match(await page.locator('[data-testid=no-source-dlq]').textContent(), /no dead letter queue for source connectors/);
  await screenshot(page, 'wizard-6-errors');
  await next(page);

  // Step 7: masked JSON, Connect's verdict, create running, land on the detail page.
  const review = page.locator('[data-testid=wizard-review]');
  await review.waitFor();
  const verdict = page.locator('[data-testid=review-verdict]');
  await page.waitForFunction(() => /^Valid:/.test(document.querySelector('[data-testid=review-verdict]')?.textContent ?? ''), null, { timeout: 60_000 });
  const json = await page.locator('[data-testid=review-json]').textContent();
  assert.ok(!json.includes('dbz-secret-pw'), 'the password is masked in the review');
  const shown = JSON.parse(json);
  assert.equal(shown.config['database.password'], '[redacted]');
  assert.equal(shown.config['table.include.list'], 'public\\.cust.*');
  assert.equal(shown.config['column.exclude.list'], 'public\\.customers\\.last_name');
  assert.equal(shown.config['heartbeat.interval.ms'], '10000');
  assert.equal(shown.config['decimal.handling.mode'], 'string');
  assert.equal(shown.config['slot.name'], `e2e_wiz${id}_inventory`);
  assert.equal(shown.config['publication.autocreate.mode'], 'disabled');
  assert.match(await verdict.textContent(), /Valid: \d+ settings checked/);
  // In plain words above the JSON: tables, slot and publication, snapshot, heartbeat, start.
  const plan = await page.locator('[data-testid=review-plan]').textContent();
  assert.match(plan, /Captures the tables matching public\\\.cust\.\*/);
  assert.match(plan, new RegExp(`replication slot e2e_wiz${id}_inventory`));
  assert.match(plan, new RegExp(`expects the publication ${shown.config["publication.name"] ?? "dbz_publication"} to exist already`));
  assert.match(plan, /First reads the rows already there/);
  assert.match(plan, /heartbeat every 10 s/);
  assert.match(plan, /starts as soon as Connect assigns it/);
  await screenshot(page, 'wizard-7-review');
  await page.setViewportSize({ width: 1280, height: 950 });
  await screenshot(page, 'wizard-7-review-1280');
  await page.setViewportSize({ width: 1440, height: 950 });
  await screenshot(page, 'wizard-7-review-1440');
  const slot = shown.config['slot.name'];
  try {
    // The just-created connector is starting, never an error, while Connect has no status yet.
    await watchForErrors(page);
    await page.locator('[data-testid=wizard-create]').click();
    await page.waitForURL(`**/clusters/local/connectors/${name}`, { timeout: 30_000 });
    await headerState(page, 'RUNNING');
    assert.deepEqual(await errorsSeen(page), [], 'no error while it starts');
    await page.locator('[data-testid=task-row][data-state=RUNNING]').waitFor({ timeout: 60_000 });
    await screenshot(page, 'wizard-created-detail');

    // A row inserted now arrives on the table's topic, without the left-out column.
    const email = `wizard-${id}@example.com`;
    stack('psql', '-c', `INSERT INTO customers (first_name, last_name, email) VALUES ('Grace', 'Hopper', '${email}')`);
    const topic = `${topicPrefix}.public.customers`;
    let event;
    for (let attempt = 0; attempt < 4 && !event; attempt++) {
      const out = stack('consume', topic, '--max', '100000', '--timeout-ms', '20000');
      event = out.split('\n').filter((l) => l.includes(email)).map((l) => JSON.parse(l))[0];
    }
    assert.ok(event, `no change event for ${email} on ${topic}`);
    assert.ok(['c', 'r'].includes(event.payload.op), `op ${event.payload.op}`);
    assert.equal(event.payload.after.email, email);
    assert.equal(event.payload.after.first_name, 'Grace');
    assert.ok(!('last_name' in event.payload.after), 'the excluded column is not in the event');
    assert.ok(event.payload.transaction, 'transaction metadata is on');

    const detail = await api(admin.page, 'GET', `/api/v1/clusters/local/connectors/${name}`);
    assert.equal(JSON.parse(detail.body).tenant, tenant, 'the connector belongs to the operator\'s tenant');
    assert.deepEqual(problems, []);
  } finally {
    await removeConnector(name, slot);
  }
});

test('an admin creates a MariaDB connector paused, with a free server id and schema history', async () => {
  const { page, problems } = await newPage();
  await page.goto(`${ctx.sluice.url}/new`);
  await page.locator('[data-testid=kind-maria_db]').check();
  await next(page);
  await fillConnection(page, { port: mariaPort, user: 'dbz', password: 'dbz-secret-pw' });
  const name = unique('wiz-maria');
  const prefix = name.replaceAll('-', '_');
  await page.locator('[data-testid=answer-name]').fill(name);
  await page.locator('[data-testid=answer-topic_prefix]').fill(prefix);
  const serverId = Number(await page.locator('[data-testid=answer-server_id]').inputValue());
  assert.ok(serverId >= 184000, `suggested server id ${serverId}`);
  assert.equal(await page.locator('[data-testid=answer-kafka_bootstrap]').inputValue(), '127.0.0.1:9092');
  const checks = await runPreflight(page);
  const s = await statuses(checks);
  for (const check of ['reachable', 'credentials', 'version', 'log_bin', 'binlog_format', 'binlog_row_image', 'grants', 'server_id']) {
    assert.equal(s[check], 'pass', `${check}: ${JSON.stringify(s)}`);
  }
  await screenshot(page, 'wizard-maria-preflight');
  await next(page);
  const preview = page.locator('[data-testid=capture-preview]');
  await preview.waitFor({ timeout: 20_000 });
  await preview.locator('tr[data-table="inventory.products"]').waitFor();
  // Java-only syntax (a lookahead) cannot be previewed here; it warns but does not block.
  await page.locator('[data-testid=answer-table_include]').fill('inventory\\.(?!products).*');
  await page.locator('[data-testid=pattern-warning]').waitFor();
  assert.equal(await page.locator('[data-testid=wizard-next]').isDisabled(), false);
  await page.locator('[data-testid=answer-table_include]').fill('');
  await page.locator('[data-testid=answer-table_exclude]').fill('inventory\\.products');
  await page.waitForFunction(() => document.querySelector('tr[data-table="inventory.products"]')?.dataset.captured === 'false');
  await next(page);
  await page.locator('[data-testid=wizard-snapshot]').waitFor();
  await next(page);
  await page.locator('[data-testid=wizard-events]').waitFor();
  await next(page);
  await page.locator('[data-testid=wizard-errors]').waitFor();
  await page.locator('[data-testid=tolerance-all]').check();
  await next(page);
  await page.waitForFunction(() => /^Valid:/.test(document.querySelector('[data-testid=review-verdict]')?.textContent ?? ''), null, { timeout: 60_000 });
  await page.locator('[data-testid=initial-paused]').check();
  try {
    await page.locator('[data-testid=wizard-create]').click();
    await page.waitForURL(`**/clusters/local/connectors/${name}`, { timeout: 30_000 });
    await headerState(page, 'PAUSED');
    const config = await connect('GET', `/connectors/${name}/config`);
    assert.equal(config['connector.class'], 'io.debezium.connector.mariadb.MariaDbConnector');
    assert.equal(config['database.server.id'], String(serverId));
    assert.equal(config['database.include.list'], 'inventory');
    assert.equal(config['table.exclude.list'], 'inventory\\.products');
    assert.equal(config['schema.history.internal.kafka.topic'], `${prefix}.schema-history`);
    assert.equal(config['errors.tolerance'], 'all');
    await screenshot(page, 'wizard-maria-created');
    assert.deepEqual(problems, []);
  } finally {
    await removeConnector(name);
  }
});

test('preflight shows what is missing: wal_level, the replication privilege, MariaDB grants', async () => {
  const { page } = await newPage();
  await page.goto(`${ctx.sluice.url}/new`);
  await page.locator('[data-testid=kind-postgres]').check();
  await next(page);
  // dev/stack's second PostgreSQL is left at wal_level=replica.
  await fillConnection(page, { port: String(Number(pgPort) + 1), user: 'dbz', password: 'dbz-secret-pw' });
  await page.locator('[data-testid=answer-name]').fill(unique('wiz-wal'));
  let s = await statuses(await runPreflight(page));
  assert.equal(s.wal_level, 'fail');
  assert.match(await page.locator('[data-check=wal_level]').textContent(), /wal_level is replica/);
  assert.match(await page.locator('[data-check=wal_level] [data-testid=check-hint]').textContent(), /ALTER SYSTEM SET wal_level = logical/);
  await screenshot(page, 'wizard-preflight-wal-level');

  await page.locator('[data-testid=answer-port]').fill(pgPort);
  await page.locator('[data-testid=answer-user]').fill('norepl');
  s = await statuses(await runPreflight(page));
  assert.equal(s.replication_privilege, 'fail');
  assert.equal(s.credentials, 'pass');
  const hint = page.locator('[data-check=replication_privilege] [data-testid=check-hint]');
  assert.match(await hint.textContent(), /ALTER ROLE norepl WITH REPLICATION/);
  assert.equal(await page.locator('[data-testid=wizard-next]').isDisabled(), true);
  assert.match(await page.locator('[data-testid=wizard-blocked]').textContent(), /preflight check failed/);
  await screenshot(page, 'wizard-preflight-norepl');
  // Going on anyway is an explicit choice.
  await page.locator('[data-testid=preflight-accept]').check();
  assert.equal(await page.locator('[data-testid=wizard-next]').isDisabled(), false);

  // Changing the kind starts the connection step afresh for MariaDB.
  await page.locator('[data-testid=wizard-back]').click();
  await page.locator('[data-testid=kind-maria_db]').check();
  await next(page);
  await page.locator('[data-testid=answer-port]').fill(mariaPort);
  await page.locator('[data-testid=answer-user]').fill('nogrants');
  s = await statuses(await runPreflight(page));
  assert.equal(s.credentials, 'pass');
  assert.equal(s.grants, 'fail');
  const grants = page.locator('[data-check=grants]');
  assert.match(await grants.textContent(), /lacks RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT/);
  assert.match(await grants.locator('[data-testid=check-hint]').textContent(), /GRANT RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON \*\.\* TO 'nogrants'/);
  await screenshot(page, 'wizard-preflight-nogrants');
});

test('a pasted config goes straight to review and is created stopped', async () => {
  const { page, problems } = await newPage();
  await page.goto(`${ctx.sluice.url}/new`);
  const name = unique('wiz-paste');
  await page.locator('[data-testid=wizard-paste] summary').click();
  await page.locator('[data-testid=wizard-paste-text]').fill(JSON.stringify({
    name,
    config: { 'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector', topics: `${name}-t`, file: '/dev/null', 'tasks.max': 1 },
  }));
  await page.locator('[data-testid=wizard-paste-use]').click();
  await page.locator('[data-testid=wizard-review]').waitFor();
  assert.equal(await page.locator('[data-testid=answer-name]').inputValue(), name);
  await page.waitForFunction(() => /^Valid:/.test(document.querySelector('[data-testid=review-verdict]')?.textContent ?? ''), null, { timeout: 30_000 });
  await page.locator('[data-testid=initial-stopped]').check();
  try {
    await page.locator('[data-testid=wizard-create]').click();
    await page.waitForURL(`**/clusters/local/connectors/${name}`, { timeout: 30_000 });
    await headerState(page, 'STOPPED');
    assert.deepEqual(problems, []);
  } finally {
    await removeConnector(name);
  }
});

test('the JDBC sink skips the source steps and gets a dead letter queue; any other plugin gets a generated form', async () => {
  const { page, problems } = await newPage();
  await page.goto(`${ctx.sluice.url}/new`);
  await page.locator('[data-testid=kind-jdbc_sink]').check();
  const steps = await page.locator('[data-testid=wizard-steps] li').allTextContents();
  assert.deepEqual(steps.map((s) => s.replace(/^\d+/, '')), ['Connector', 'Connection', 'Error handling', 'Review']);
  await next(page);
  await page.locator('[data-testid=answer-jdbc_url]').fill(`jdbc:postgresql://127.0.0.1:${pgPort}/inventory`);
  await page.locator('[data-testid=answer-user]').fill('dbz');
  await page.locator('[data-testid=answer-password]').fill('dbz-secret-pw');
  await page.locator('[data-testid=answer-topics]').fill('e2e.inventory.public.customers');
  const sinkName = unique('wiz-sink');
  await page.locator('[data-testid=answer-name]').fill(sinkName);
  await next(page);
  await page.locator('[data-testid=wizard-errors]').waitFor();
  assert.equal(await page.locator('[data-testid=no-source-dlq]').count(), 0, 'a sink has a DLQ');
  await page.locator('[data-testid="answer-errors.dlq_topic"]').fill('e2e.inventory.dlq');
  assert.match(await page.locator('[data-testid=wizard-blocked]').textContent(), /errors\.tolerance=all/);
  await page.locator('[data-testid=tolerance-all]').check();
  await page.locator('[data-testid="answer-errors.dlq_replication_factor"]').fill('1');
  await page.locator('[data-testid=answer-dlq_context_headers]').check();
  await next(page);
  const json = JSON.parse(await page.locator('[data-testid=review-json]').textContent());
  assert.equal(json.config['connector.class'], 'io.debezium.connector.jdbc.JdbcSinkConnector');
  assert.equal(json.config['connection.password'], '[redacted]');
  assert.equal(json.config['errors.deadletterqueue.topic.name'], 'e2e.inventory.dlq');
  assert.equal(json.config['errors.deadletterqueue.topic.replication.factor'], '1');
  assert.equal(json.config['errors.deadletterqueue.context.headers.enable'], 'true');
  await screenshot(page, 'wizard-sink-review');

  // Back to the start: any installed plugin, with a form from its definitions.
  for (let i = 0; i < 3; i++) await page.locator('[data-testid=wizard-back]').click();
  await page.locator('[data-testid=wizard-plugin]').selectOption('org.apache.kafka.connect.file.FileStreamSinkConnector');
  await next(page);
  await page.locator('[data-testid=wizard-settings]').waitFor();
  const name = unique('wiz-generic');
  await page.locator('[data-testid=answer-name]').fill(name);
  await page.locator('[data-testid=config-field][data-key=topics]').fill(`${name}-t`);
  await page.locator('[data-testid=add-key-name]').fill('file');
  await page.locator('[data-testid=add-key-value]').fill('/dev/null');
  await page.locator('[data-testid=add-key-value]').press('Enter');
  await page.locator('[data-testid=config-field][data-key=file]').waitFor();
  await screenshot(page, 'wizard-generic-settings');
  await next(page);
  await page.waitForFunction(() => /^Valid:/.test(document.querySelector('[data-testid=review-verdict]')?.textContent ?? ''), null, { timeout: 30_000 });
  try {
    // The just-created connector is starting, never an error, while Connect has no status yet.
    await watchForErrors(page);
    await page.locator('[data-testid=wizard-create]').click();
    await page.waitForURL(`**/clusters/local/connectors/${name}`, { timeout: 30_000 });
    await headerState(page, 'RUNNING');
    assert.deepEqual(await errorsSeen(page), [], 'no error while it starts');
    const config = await connect('GET', `/connectors/${name}/config`);
    assert.equal(config.topics, `${name}-t`);
    assert.equal(config.file, '/dev/null');
    assert.deepEqual(problems, []);
  } finally {
    await removeConnector(name);
  }
});

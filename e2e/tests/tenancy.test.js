// Tenant isolation in the browser: an operator of `acme` pointing a connector at `globex`'s
// topics sees the refusal at the field (Connect never sees the config); a Debezium 1.x
// registration file imported through the console is offered its rewrite and then runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  adminApi, connect, pgPort, removeConnector, screenshot, signIn, sluiceAndBrowser, unique,
} from '../lib/harness.js';

// The topic guard checks every two seconds here, so a quarantine shows while the test waits.
const ctx = sluiceAndBrowser(undefined, '[fleet]\ntopic_check_interval = "2s"');

/** Tenants `acme` and `globex` and an operator of acme, once for the file. */
async function tenants(api) {
  const existing = (await api('GET', '/tenants')).map((t) => t.id);
  for (const id of ['acme', 'globex'].filter((i) => !existing.includes(i))) {
    await api('POST', '/tenants', { id, display_name: id, connector_prefix: `${id}-`, topic_prefix: `${id}.` });
    if (id === 'acme') {
      await api('POST', '/users', { username: 'olga', password: 'olga-password-long', role: 'operator', tenant: 'acme' });
    }
  }
}

test('a tenant operator sees a topic outside the namespace refused at the field', async () => {
  const api = await adminApi(ctx.sluice.url);
  await tenants(api);
  const name = `acme-${unique('sink').slice(3)}`;
  await api('POST', '/clusters/local/connectors', {
    name,
    tenant: 'acme',
    config: {
      'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
      topics: 'acme.orders', file: '/dev/null', 'tasks.max': '1',
    },
  });
  const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  try {
    await signIn(page, ctx.sluice.url, 'olga', 'olga-password-long');
    await page.goto(`${ctx.sluice.url}/clusters/local/connectors/${name}`);
    await page.locator('[data-testid=tab-config]').click();
    const topics = page.locator('[data-testid=config-field][data-key="topics"]');
    await topics.waitFor({ timeout: 30_000 });
    await topics.fill('globex.inventory.public.customers');
    const refusal = page.locator('[data-testid=field-error][data-key="topics"]').first();
    await refusal.waitFor({ timeout: 30_000 });
    assert.match(await refusal.textContent(), /globex\.inventory\.public\.customers.*outside.*`acme\.`/);
    await screenshot(page, 'tenancy-refused-at-field');

    // Applying anyway is refused too, and Connect keeps the old subscription.
    await page.locator('[data-testid=config-review]').click();
    assert.ok(await page.locator('[data-testid=apply-put]').isDisabled(), 'Apply waits for an explicit "apply anyway"');
    await page.locator('[data-testid=apply-anyway]').check();
    await page.locator('[data-testid=apply-put]').click();
    const refused = page.locator('[data-testid=config-diff] [data-testid=error-notice]');
    await refused.waitFor({ timeout: 30_000 });
    assert.match(await refused.textContent(), /`acme\.`/);
    const stored = await connect('GET', `/connectors/${name}/config`);
    assert.equal(stored.topics, 'acme.orders');
  } catch (e) {
    await screenshot(page, 'tenancy-failure');
    throw e;
  } finally {
    await page.close();
    await removeConnector(name);
  }
});

test('a Debezium 1.x registration file is offered its rewrite on import and then runs', async () => {
  const name = unique('legacy');
  const slot = name.replaceAll('-', '_');
  // As Debezium 1.x tutorials write it: removed keys, and no plugin.name (decoderbufs).
  const file = {
    name,
    config: {
      'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
      'database.hostname': '127.0.0.1', 'database.port': String(pgPort),
      'database.user': 'dbz', 'database.password': 'dbz-secret-pw', 'database.dbname': 'inventory',
      'database.server.name': slot, 'schema.whitelist': 'public', 'table.whitelist': 'public.customers',
      'slot.name': slot, 'publication.autocreate.mode': 'disabled', 'tasks.max': '1',
    },
  };
  const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 1100 } });
  try {
    await signIn(page, ctx.sluice.url);
    await page.goto(`${ctx.sluice.url}/transfer`);
    await page.locator('[data-testid=import-text]').fill(JSON.stringify(file, null, 2));
    await page.locator('[data-testid=import-dry-run]').click();
    const legacy = page.locator('[data-testid=import-legacy]');
    await legacy.waitFor({ timeout: 60_000 });
    for (const key of ['database.server.name', 'schema.whitelist', 'table.whitelist', 'plugin.name']) {
      await legacy.locator(`li[data-key="${key}"]`).waitFor();
    }
    assert.match(await legacy.locator('li[data-key="database.server.name"]').textContent(), /topic\.prefix/);
    assert.equal(await page.locator(`[data-testid=plan-row][data-connector="${name}"]`).getAttribute('data-action'), 'invalid');
    await screenshot(page, 'import-legacy-offered');

    await page.locator('[data-testid=import-rewrite]').click();
    const row = page.locator(`[data-testid=plan-row][data-connector="${name}"][data-action=create]`);
    await row.waitFor({ timeout: 60_000 });
    const rewritten = JSON.parse(await page.locator('[data-testid=import-text]').inputValue());
    const config = rewritten.connectors[0].config;
    assert.equal(config['topic.prefix'], slot);
    assert.equal(config['table.include.list'], 'public.customers');
    assert.equal(config['plugin.name'], 'pgoutput');
    assert.equal(config['database.server.name'], undefined);
    await screenshot(page, 'import-legacy-rewritten');

    await page.locator('[data-testid=import-apply]').click();
    await page.locator(`[data-testid=import-results] li[data-connector="${name}"][data-ok=true]`).waitFor({ timeout: 60_000 });
    for (let i = 0; ; i++) {
      const s = await connect('GET', `/connectors/${name}/status`).catch(() => null);
      if (s?.connector.state === 'RUNNING' && s.tasks[0]?.state === 'RUNNING') break;
      assert.ok(i < 120, `the rewritten connector never ran: ${JSON.stringify(s)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  } catch (e) {
    await screenshot(page, 'import-legacy-failure');
    throw e;
  } finally {
    await page.close();
    await removeConnector(name, slot);
  }
});

test('a connector found writing outside its namespace is shown stopped, and an admin releases it', async () => {
  const api = await adminApi(ctx.sluice.url);
  await tenants(api);
  const name = `acme-${unique('stray').slice(3)}`;
  const stolen = `globex.${name}`;
  const file = join(tmpdir(), `${name}.txt`);
  writeFileSync(file, 'row one\nrow two\n');
  // An admin's unowned connector is not checked up front; given to acme, it is watched.
  await api('POST', '/clusters/local/connectors', {
    name,
    config: {
      'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector',
      file, topic: stolen, 'tasks.max': '1',
    },
  });
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    for (let i = 0; ; i++) {
      const topics = await connect('GET', `/connectors/${name}/topics`).catch(() => null);
      if (topics?.[name]?.topics.includes(stolen)) break;
      assert.ok(i < 120, 'records never reached the stray topic');
      await new Promise((r) => setTimeout(r, 500));
    }
    await api('PUT', `/clusters/local/connectors/${name}/owner`, { tenant: 'acme' });
    await signIn(page, ctx.sluice.url);
    await page.goto(`${ctx.sluice.url}/clusters/local/connectors/${name}`);
    const notice = page.locator('[data-testid=quarantine]');
    await notice.waitFor({ timeout: 30_000 });
    assert.match(await notice.textContent(), new RegExp(`Stopped by Sluice.*${stolen.replaceAll('.', '\\.')}`));
    await page.locator('[data-testid=connector-header][data-state=STOPPED]').waitFor({ timeout: 30_000 });
    await screenshot(page, 'quarantine');

    await page.locator('[data-testid=quarantine-release]').click();
    await notice.waitFor({ state: 'detached', timeout: 30_000 });
    assert.equal((await connect('GET', `/connectors/${name}/status`)).connector.state, 'STOPPED',
      'released, it stays stopped until someone resumes it');
  } catch (e) {
    await screenshot(page, 'quarantine-failure');
    throw e;
  } finally {
    await page.close();
    await removeConnector(name);
    rmSync(file, { force: true });
  }
});

// The cluster page in a real browser against the real stack: Connect's version, the workers
// with their tasks, and the topology with a connector's tasks under the worker that runs them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, screenshot, signIn, sluiceAndBrowser, unique, waitFor } from '../lib/harness.js';

const ctx = sluiceAndBrowser();

test('the cluster page shows the version, the workers and a connector under its worker', async () => {
  const name = unique('topo');
  await connect('POST', '/connectors', {
    name,
    config: {
      'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
      topics: `${name}-in`, file: '/dev/null', 'tasks.max': '2',
    },
  });
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    const info = await connect('GET', '/');
    const status = await waitFor('both tasks run on a worker', async () => {
      const s = await connect('GET', `/connectors/${name}/status`);
      return s.tasks.length === 2 && s.tasks.every((t) => t.state === 'RUNNING' && t.worker_id) ? s : null;
    });
    const worker = status.tasks[0].worker_id;

    await signIn(page, ctx.sluice.url);
    // From the fleet's cluster heading to the cluster page.
    await page.locator('[data-testid=cluster][data-cluster=local] [data-testid=cluster-overview-link]').click();
    await page.waitForURL(/\/clusters\/local$/);
    const version = page.locator('[data-testid=connect-version]');
    await version.waitFor({ timeout: 30_000 });
    assert.equal(await version.textContent(), info.version);
    assert.equal(await page.locator('[data-testid=kafka-cluster-id]').textContent(), info.kafka_cluster_id);

    // The worker Connect names runs at least this connector's tasks there.
    const row = page.locator(`[data-testid=worker][data-worker="${worker}"]`);
    await row.waitFor({ timeout: 30_000 });
    const onWorker = status.tasks.filter((t) => t.worker_id === worker).length;
    // The page reads the fleet's shared listing, refreshed every few seconds: the tasks Connect
    // just placed may show at the next refresh.
    await waitFor('the worker counts the new tasks', async () =>
      Number(await row.getAttribute('data-tasks')) >= onWorker || null, 30_000);
    assert.match(await row.textContent(), /running/);

    // Unfiltered, a busy cluster shows one line per worker until one is opened.
    await page.locator('[data-testid=topo-worker]').first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'cluster-overview-all');

    // The topology, narrowed to the connector: it sits under its tasks' worker, tasks coloured.
    await page.locator('[data-testid=topology-filter]').fill(name);
    const node = page.locator(`[data-testid=topo-worker][data-worker="${worker}"] [data-testid=topo-connector][data-connector="${name}"]`);
    await node.waitFor({ timeout: 30_000 });
    const tasks = page.locator(`[data-testid=topo-worker][data-worker="${worker}"] [data-testid=topo-task][data-state=RUNNING]`);
    assert.equal(await tasks.count(), onWorker);
    // Keyboard: focus the connector, Enter opens its details with the active topics.
    await node.focus();
    await page.keyboard.press('Enter');
    const selected = page.locator('[data-testid=topo-selected]');
    await selected.waitFor({ timeout: 10_000 });
    assert.match(await selected.textContent(), new RegExp(`${name}-in`));
    await selected.locator('[data-testid=active-topics]').filter({ hasNotText: 'Asking Connect' })
      .waitFor({ timeout: 15_000 });
    await screenshot(page, 'cluster-overview');
  } finally {
    await page.close();
    await connect('DELETE', `/connectors/${name}`);
  }
});

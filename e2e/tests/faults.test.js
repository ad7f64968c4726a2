// Connect hanging, as a browser sees it: the fleet keeps its last listing, says since when
// Connect has not answered, and clears that by itself once Connect answers again. The hang is
// played by a proxy in front of the real worker, so other tests sharing it are not disturbed.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import {
  connect, connectUrl, removeConnector, screenshot, signIn, sluiceAndBrowser, unique,
} from '../lib/harness.js';

let hung = false;
const upstream = new URL(connectUrl);
const proxy = net.createServer((client) => {
  const worker = net.connect(Number(upstream.port), upstream.hostname);
  // A hung worker reads requests and never answers.
  client.on('data', (d) => { if (!hung) worker.write(d); });
  worker.on('data', (d) => client.write(d));
  for (const [a, b] of [[client, worker], [worker, client]]) {
    a.on('error', () => b.destroy());
    a.on('close', () => b.destroy());
  }
});
await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
after(() => proxy.close());

const ctx = sluiceAndBrowser(
  [{ id: 'hangs', name: 'Behind a proxy', url: `http://127.0.0.1:${proxy.address().port}` }],
  '[connect]\nread_timeout = "5s"\n',
);

test('a hung Connect leaves the fleet on its last listing with a notice, which clears when it answers', async () => {
  const name = unique('hung');
  await connect('POST', '/connectors', {
    name,
    config: {
      'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
      topics: `${name}-t`, file: '/dev/null', 'tasks.max': '1',
    },
  });
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await signIn(page, ctx.sluice.url);
    const row = page.locator(`[data-testid=connector-row][data-connector="${name}"]`);
    await row.waitFor({ timeout: 30_000 });
    const pending = page.locator('[data-testid=cluster-pending]');
    assert.equal(await pending.count(), 0);

    hung = true;
    await pending.waitFor({ timeout: 20_000 });
    assert.match(await pending.textContent(), /Connect has not answered since .*The states shown are from/);
    assert.equal(await row.count(), 1, 'the last listing stays on screen');
    assert.equal(await page.locator('[data-testid=cluster-reachability]').textContent(), 'not answering');
    await screenshot(page, 'fleet-connect-hung');

    hung = false;
    await pending.waitFor({ state: 'detached', timeout: 30_000 });
    assert.equal(await row.count(), 1);
  } finally {
    hung = false;
    await page.close();
    await removeConnector(name);
  }
});

// Connect hanging, as a browser sees it: the fleet and a connector page (header and tabs) keep
// what Connect last said, say since when it has not answered, and the fleet clears that by
// itself once Connect answers again. The hang is
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
  // Long enough that the whole visit happens while the first hung refresh is pending.
  '[connect]\nread_timeout = "20s"\n',
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

    // The connector's page and tabs once, as a user who looked at them before the hang.
    const here = `${ctx.sluice.url}/clusters/hangs/connectors/${name}`;
    await page.goto(`${here}?tab=config`);
    const editor = page.locator('[data-testid=config-editor]');
    const file = editor.locator('[data-testid=config-field][data-key="file"]');
    await file.waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('[data-testid=config-review]').count(), 1);
    await page.goto(`${here}?tab=topics`);
    await page.locator('[data-testid=topics] .hint, [data-testid=topic-link]').first().waitFor({ timeout: 30_000 });
    await page.goto(ctx.sluice.url);
    await row.waitFor({ timeout: 30_000 });

    hung = true;
    await pending.waitFor({ timeout: 20_000 });
    assert.match(await pending.textContent(), /Connect has not answered since .*The states shown are from/);
    assert.equal(await row.count(), 1, 'the last listing stays on screen');
    assert.equal(await page.locator('[data-testid=cluster-reachability]').textContent(), 'not answering');
    await screenshot(page, 'fleet-connect-hung');

    // The connector page answers at once from what Connect last said, and says so.
    const opened = Date.now();
    await page.goto(`${here}?tab=config`);
    const header = page.locator('[data-testid=connector-pending]');
    await header.waitFor({ timeout: 10_000 });
    assert.match(await header.textContent(), /Connect has not answered since .*The state and tasks shown are from/);
    const stale = editor.locator('[data-testid=stale-notice]');
    await stale.waitFor({ timeout: 10_000 });
    assert.ok(Date.now() - opened < 12_000, 'well before the read timeout would have ended each call');
    assert.match(await stale.textContent(), /This config is from/);
    assert.equal(await file.inputValue(), '/dev/null');
    assert.equal(await page.locator('[data-testid=config-review]').count(), 0, 'no edit of a config Connect may have changed since');
    await screenshot(page, 'connector-connect-hung');
    await page.locator('[data-testid=tab-topics]').click();
    await page.locator('[data-testid=topics] [data-testid=stale-notice]').waitFor({ timeout: 10_000 });

    hung = false;
    await page.goto(ctx.sluice.url);
    await row.waitFor({ timeout: 30_000 });
    // The call that hung gives up at the read timeout; the next listing clears the mark.
    await pending.waitFor({ state: 'detached', timeout: 45_000 });
    assert.equal(await row.count(), 1);
  } finally {
    hung = false;
    await page.close();
    await removeConnector(name);
  }
});

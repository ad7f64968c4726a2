// Fleet at scale, measured (a benchmark, not a test): creates N cheap connectors (FileStream
// sinks on an empty topic, created STOPPED so they hold no tasks; every tenth RUNNING), then
// prints Connect's own list latency, Sluice's /api/v1/fleet latency, and the browser's time
// from navigation to the first rendered page of rows. Removes the connectors afterwards.
//   node bench/fleet-scale.js [N]      (run by dev/bench; needs the stack and a release build)
import { connect, connectUrl, launchBrowser, signIn, startSluice } from '../lib/harness.js';

const N = Number(process.argv[2] ?? 1000);
const prefix = `bench-fleet-${Date.now().toString(36)}`;
const names = Array.from({ length: N }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);

async function pool(items, width, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) { const i = next++; await fn(items[i], i); }
  }));
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const p = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))].toFixed(1);
  return `p50 ${p(0.5)} ms   p95 ${p(0.95)} ms`;
}

async function timed(fn, times) {
  const out = [];
  for (let i = 0; i < times; i++) { const t = performance.now(); await fn(); out.push(performance.now() - t); }
  return out;
}

const t0 = performance.now();
await pool(names, 8, (name, i) => connect('POST', '/connectors', {
  name,
  config: {
    'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
    topics: `${prefix}-empty`, file: '/dev/null', 'tasks.max': '1',
  },
  initial_state: i % 10 === 0 ? 'RUNNING' : 'STOPPED',
}));
console.log(`created ${N} connectors in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
let sluice;
let browser;
try {
  sluice = await startSluice([{ id: 'local', name: 'Local dev stack', url: connectUrl }], '[health]\ninterval = "5s"');
  browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await signIn(page, sluice.url);
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  // The health scheduler's cycle over the whole cluster (transitions, samples, auto-restart
  // decisions): the first one records every connector as new, the later ones only changes.
  const cycles = new Map();
  const deadline = performance.now() + 25_000;
  while (cycles.size < 4 && performance.now() < deadline) {
    const s = await fetch(`${sluice.url}/api/v1/scheduler`, { headers: { cookie } }).then((r) => r.json());
    for (const c of s.last_cycles) cycles.set(c.at_ms, c.took_ms);
    await new Promise((r) => setTimeout(r, 500));
  }
  const took = [...cycles.entries()].sort((a, b) => a[0] - b[0]).map(([, ms]) => ms);
  console.log(`Sluice   health cycle over ${N}+ connectors       first ${took[0]} ms, then ${took.slice(1).join(', ')} ms`);
  const direct = await timed(() => fetch(`${connectUrl}/connectors?expand=status&expand=info`).then((r) => r.text()), 20);
  console.log(`Connect  GET /connectors?expand=status&expand=info   ${stats(direct)}`);
  const viaSluice = await timed(() => fetch(`${sluice.url}/api/v1/fleet`, { headers: { cookie } }).then((r) => r.text()), 20);
  console.log(`Sluice   GET /api/v1/fleet (shared cache, 2 s)     ${stats(viaSluice)}`);
  const bytes = (await (await fetch(`${sluice.url}/api/v1/fleet`, { headers: { cookie, 'accept-encoding': 'gzip' } })).arrayBuffer()).byteLength;
  console.log(`Sluice   /api/v1/fleet body (decoded) with ${N} extra connectors: ${(bytes / 1024).toFixed(0)} KiB`);
  const renders = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await page.goto(sluice.url);
    await page.locator('[data-testid=fleet-range]').filter({ hasText: new RegExp(`of ${N + 0}|of \\d{4,}`) }).waitFor({ timeout: 60_000 });
    renders.push(performance.now() - t);
  }
  console.log(`Browser  navigation → first page of ${N}+ rows      ${stats(renders)} (3 loads)`);
  const t = performance.now();
  await page.locator('[data-testid=fleet-search]').fill(`${prefix}-0999`);
  await page.locator('[data-testid=fleet-range]').filter({ hasText: /of 1$/ }).waitFor();
  console.log(`Browser  search narrowing to one row                ${(performance.now() - t).toFixed(1)} ms`);
} finally {
  await browser?.close();
  sluice?.stop();
  await pool(names, 8, (name) => connect('DELETE', `/connectors/${name}`).catch(() => {}));
}

// `npm run bench:search`: how long /search takes, in process and over HTTP on 127.0.0.1. Timings live here, not in tests.
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/http/app.js';
import { config, root } from '../src/run/config.js';
import { buildFromDisk } from '../src/run/load.js';

const QUERIES = [
  'trade',
  'trade turnover',
  'korean citizens',
  'sanktions',
  'zzzqqq',
  '<script>alert(1)</script>',
  'a'.repeat(5000),
  'word '.repeat(1000),
];
const RUNS = 200;

const { site } = await buildFromDisk({ root, ...config });
const render = site.renderSearch;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const max = (values: number[]) => Math.max(...values);

console.log('in process: render the search page (median / max of %d runs, ms)', RUNS);
for (const query of QUERIES) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    render(query);
    times.push(performance.now() - start);
  }
  console.log(
    `  ${JSON.stringify(query.length > 30 ? `${query.slice(0, 20)}… (${query.length} chars)` : query).padEnd(34)} ${median(times).toFixed(3)} / ${max(times).toFixed(3)}`,
  );
}

const server = createApp({ site: () => site }).listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const { port } = server.address() as AddressInfo;
const total = 1000;
const concurrency = 10;
const start = performance.now();
let sent = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (sent < total) {
      const query = QUERIES[sent % QUERIES.length]!;
      sent += 1;
      const response = await fetch(`http://127.0.0.1:${port}/search?q=${encodeURIComponent(query)}`);
      if (response.status !== 200) throw new Error(`status ${response.status}`);
      await response.arrayBuffer();
    }
  }),
);
const seconds = (performance.now() - start) / 1000;
console.log(
  `over HTTP: ${total} requests, ${concurrency} at a time, mixed queries: ${(total / seconds).toFixed(0)} requests/s`,
);
server.close();

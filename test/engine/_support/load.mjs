// A bounded load loop for the engine suite: CONCURRENCY clients send GET requests, one after the
// other each, to a loopback URL until STOP_FILE appears, MAX_REQUESTS were sent or MAX_SECONDS
// passed, whichever comes first. Prints one JSON line: counts (2xx, other statuses, failed
// connections), latency percentiles, and how many answers each release (the app stand-in's
// `release` field) gave. Loopback only: the URL must name 127.0.0.1.
//   node load.mjs URL HOST STOP_FILE [CONCURRENCY=4] [MAX_REQUESTS=20000] [MAX_SECONDS=300]
import { existsSync } from 'node:fs';
import http from 'node:http';

const [url, host, stopFile, conc = '4', maxReq = '20000', maxSec = '300'] = process.argv.slice(2);
const target = new URL(url);
if (target.hostname !== '127.0.0.1') throw new Error(`load.mjs sends to 127.0.0.1 only, not ${target.hostname}`);
const started = Date.now();
const deadline = started + Number(maxSec) * 1000;
const limit = Number(maxReq);
// A new connection per request (like a loop of curl calls): no reuse of a connection the proxy is closing.
const agent = new http.Agent({ keepAlive: false, maxSockets: Number(conc) });
const latencies = [];
const releases = {};
const statuses = {};
const errors = {};
let sent = 0;
let ok = 0;
let non2xx = 0;
let failed = 0;

function once() {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const req = http.get({ host: target.hostname, port: target.port || 80, path: target.pathname + target.search, headers: { Host: host }, agent, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => {
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        if (res.statusCode >= 200 && res.statusCode < 300) {
          ok++;
          try {
            const r = JSON.parse(body).release ?? '';
            releases[r] = (releases[r] ?? 0) + 1;
          } catch {
            releases['(not json)'] = (releases['(not json)'] ?? 0) + 1;
          }
        } else non2xx++;
        resolve();
      });
      res.on('error', (e) => fail(e, resolve));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => fail(e, resolve));
  });
}

function fail(e, resolve) {
  failed++;
  const k = e.code ?? e.message;
  errors[k] = (errors[k] ?? 0) + 1;
  resolve();
}

async function client() {
  while (sent < limit && Date.now() < deadline && !existsSync(stopFile)) {
    sent++;
    await once();
    await new Promise((r) => setTimeout(r, 5));
  }
}

await Promise.all(Array.from({ length: Number(conc) }, client));
agent.destroy();
const sorted = [...latencies].sort((a, b) => a - b);
const pct = (p) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10 : null);
console.log(JSON.stringify({ sent, ok, non2xx, failed, statuses, errors, releases, p50: pct(50), p99: pct(99), max: pct(100), seconds: (Date.now() - started) / 1000 }));

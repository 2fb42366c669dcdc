/**
 * Start-up of the web server: from source through tsx (how the tests run it) and compiled
 * (dist/, how `npm start` runs it; `npm run build` first). For each, BENCH_RUNS fresh
 * processes on an empty DATA_DIR: seconds until /health answers 200, and the resident
 * memory then. Last line: {"bench":"start","tsx_s":N,"compiled_s":N,"tsx_rss_mb":N,"compiled_rss_mb":N}
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median } from './measure.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

async function startOnce(args: string[]): Promise<{ seconds: number; rss: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-start-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', CONTENT_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d;
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
    });
    for (;;) {
      const res = await fetch(`${url}/health`).catch(() => null);
      if (res?.status === 200) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    return { seconds: (performance.now() - t0) / 1000, rss: rssMb(child.pid!) };
  } finally {
    child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measure(label: string, args: string[]): Promise<{ s: number; rss: number }> {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await startOnce(args));
  const s = median(runs.map((r) => r.seconds));
  const rss = median(runs.map((r) => r.rss));
  console.log(`${label.padEnd(28)} ready in ${s.toFixed(2)} s (median of ${RUNS}), ${rss} MB resident`);
  return { s, rss };
}

if (!fs.existsSync('dist/server/main.js')) throw new Error('dist/server/main.js is missing: run `npm run build` first');
const tsx = await measure('from source (tsx)', ['--import=tsx', 'server/main.ts']);
const compiled = await measure('compiled (node dist/...)', ['dist/server/main.js']);
console.log(JSON.stringify({ bench: 'start', tsx_s: Number(tsx.s.toFixed(2)), compiled_s: Number(compiled.s.toFixed(2)), tsx_rss_mb: tsx.rss, compiled_rss_mb: compiled.rss }));

/**
 * The servers bench/tiles.ts compares, each started on a free port and stopped with `stop`: nginx
 * (its anchor: the tiles as static files; and deploy/nginx.conf in front of Athar) and a bare
 * node:http process (the ceiling of one Node process on this machine).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ROOT } from '../../tests/helpers/athar.ts';
import { CORES } from './support.ts';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/** An nginx master (daemon off, one worker per core) whose http block holds `body(port)`. */
export async function startNginx(
  nginx: string,
  dir: string,
  name: string,
  body: (port: number) => string
): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const conf = path.join(dir, `${name}.conf`);
  fs.writeFileSync(
    conf,
    [
      `worker_processes ${CORES};`,
      'daemon off;',
      `pid ${dir}/${name}.pid;`,
      `error_log ${dir}/${name}-error.log warn;`,
      'events { worker_connections 1024; }',
      'http {',
      '  access_log off;',
      '  sendfile on;',
      '  types { image/jpeg jpg; }',
      `  client_body_temp_path ${dir}/${name}-body;`,
      `  proxy_temp_path ${dir}/${name}-proxy;`,
      `  fastcgi_temp_path ${dir}/${name}-fastcgi;`,
      `  uwsgi_temp_path ${dir}/${name}-uwsgi;`,
      `  scgi_temp_path ${dir}/${name}-scgi;`,
      body(port),
      '}',
      ''
    ].join('\n')
  );
  const child = spawn(nginx, ['-p', dir, '-c', conf, '-e', path.join(dir, `${name}-error.log`)], {
    stdio: ['ignore', 'inherit', 'inherit']
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null)
      throw new Error(`nginx exited (${child.exitCode}); see ${dir}/${name}-error.log`);
    const ok = await fetch(`${url}/`).then(
      async (response) => (await response.arrayBuffer(), true),
      () => false
    );
    if (ok) return { url, child };
    if (i > 100) throw new Error('nginx did not answer within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The anchor: the tiles as static files, no checks (descriptors kept as deploy/nginx.conf keeps them). */
export const staticFiles = (www: string) => (port: number) =>
  `  open_file_cache max=20000 inactive=30s;\n  server { listen 127.0.0.1:${port}; root ${www}; }`;

/**
 * The deployment of deploy/nginx.conf, as shipped: only Athar's address, the port and the cache
 * directories are replaced (each must be found, so the bench follows the file).
 */
export const frontOfAthar = (dir: string, athar: string) => (port: number) => {
  let conf = fs.readFileSync(path.join(ROOT, 'deploy/nginx.conf'), 'utf8');
  const replacements: Array<[string, string]> = [
    ['server 127.0.0.1:3000;', `server ${new URL(athar).host};`],
    ['listen 80;', `listen 127.0.0.1:${port};`],
    ['/run/nginx/athar-access', path.join(dir, 'front-access-cache')],
    ['/var/cache/nginx/athar-tiles', path.join(dir, 'front-tile-cache')]
  ];
  for (const [from, to] of replacements) {
    if (!conf.includes(from)) throw new Error(`deploy/nginx.conf has no "${from}" to replace`);
    conf = conf.replace(from, to);
  }
  return conf;
};

/**
 * A bare node:http server answering the same bytes from memory with no checks at all: not the
 * anchor, but the ceiling of Node on this machine with as many processes as Athar runs (node:cluster,
 * as Athar's WORKERS), to tell Athar's own cost from the platform's.
 */
const BARE_NODE = `
import cluster from 'node:cluster';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
const [www, processes] = process.argv.slice(1);
if (cluster.isPrimary && Number(processes) > 1) {
  for (let i = 0; i < Number(processes); i++) cluster.fork();
  let listening = 0;
  cluster.on('listening', (_w, address) => {
    if (++listening === Number(processes)) console.log('port ' + address.port);
  });
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers)) w.process.kill('SIGTERM');
    process.exit(0);
  });
} else {
  const files = new Map();
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else files.set('/' + path.relative(www, p), fs.readFileSync(p));
    }
  };
  walk(www);
  const server = http.createServer((req, res) => {
    const body = files.get(req.url);
    if (!body) { res.writeHead(404); return res.end(); }
    res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': body.length });
    res.end(body);
  });
  // Workers share the primary's port (0 is chosen once, by the primary).
  server.listen(0, '127.0.0.1', () => cluster.isPrimary && console.log('port ' + server.address().port));
  process.on('SIGTERM', () => process.exit(0));
}
`;

export async function startBareNode(
  www: string,
  processes: number
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', BARE_NODE, www, String(processes)], {
    stdio: ['ignore', 'pipe', 'inherit']
  });
  const port = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /port (\d+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the bare node server exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM'); // nginx: the master (daemon off) stops its workers
  await exited;
}

/**
 * nginx (Debian package nginx) started on a free port with its whole state under one directory,
 * stopped with `stop`: the tiles bench's anchor (static files) and the shipped deployment in front
 * of Athar (deploy/nginx.conf), which tests/integration/nginx-tile-pass.spec.ts drives too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ROOT } from './athar.ts';

export type Nginx = { url: string; child: ChildProcess };

/** Debian's nginx (package nginx, in /usr/sbin). */
export function nginxBinary(): string {
  const binary = '/usr/sbin/nginx';
  if (!fs.existsSync(binary)) throw new Error('nginx is not installed: apt-get install -y nginx');
  return binary;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/**
 * An nginx master (daemon off, `workers` worker processes) whose http block holds `body(port)`, on
 * `port` (a free one when not given: give one when Athar must know its public origin beforehand).
 */
export async function startNginx(
  nginx: string,
  dir: string,
  name: string,
  workers: number,
  body: (port: number) => string,
  port?: number
): Promise<Nginx> {
  port ??= await freePort();
  const conf = path.join(dir, `${name}.conf`);
  fs.writeFileSync(
    conf,
    [
      `worker_processes ${workers};`,
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

/**
 * The deployment of deploy/nginx.conf, as shipped: only Athar's address, the port, the cache
 * directories and the secret's file are replaced (each must be found, so the caller follows the
 * file). `tilePassSecret` is Athar's TILE_PASS_SECRET.
 */
export const frontOfAthar = (dir: string, athar: string, tilePassSecret: string) => (port: number) => {
  const secretFile = path.join(dir, 'front-tile-pass-secret.conf');
  fs.writeFileSync(secretFile, `map $host $athar_tile_pass_secret { default "${tilePassSecret}"; }\n`, {
    mode: 0o600
  });
  // The tile store's folder, made beforehand as in the deployment (nginx makes only those under it),
  // writable by whichever user nginx's workers run as.
  fs.mkdirSync(path.join(dir, 'front-tile-store'));
  fs.chmodSync(path.join(dir, 'front-tile-store'), 0o777);
  let conf = fs.readFileSync(path.join(ROOT, 'deploy/nginx.conf'), 'utf8');
  const replacements: Array<[string, string]> = [
    ['server 127.0.0.1:3000;', `server ${new URL(athar).host};`],
    ['listen 80;', `listen 127.0.0.1:${port};`],
    ['/run/nginx/athar-access', path.join(dir, 'front-access-cache')],
    ['/var/cache/nginx/athar-tiles ', path.join(dir, 'front-tile-cache') + ' '],
    ['root /var/cache/nginx/athar-tile-store', `root ${path.join(dir, 'front-tile-store')}`],
    ['proxy_store /var/cache/nginx/athar-tile-store', `proxy_store ${path.join(dir, 'front-tile-store')}`],
    ['/etc/nginx/athar-tile-pass-secret.conf', secretFile]
  ];
  for (const [from, to] of replacements) {
    if (!conf.includes(from)) throw new Error(`deploy/nginx.conf has no "${from}" to replace`);
    conf = conf.replace(from, to);
  }
  return conf;
};

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM'); // nginx: the master (daemon off) stops its workers
  await exited;
}

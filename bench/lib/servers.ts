/**
 * The servers bench/tiles.ts compares beside Athar: nginx serving the tiles as static files (its
 * anchor; nginx itself is started by tests/helpers/nginx.ts, as is the deployment in front of Athar)
 * and a bare node:http process (the ceiling of Node on this machine).
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** The anchor: the tiles as static files, no checks (descriptors kept as deploy/nginx.conf keeps them). */
export const staticFiles = (www: string) => (port: number) =>
  `  open_file_cache max=20000 inactive=30s;\n  server { listen 127.0.0.1:${port}; root ${www}; }`;

/**
 * A bare node:http server answering the same bytes from memory with no checks at all: not the
 * anchor, but the ceiling of Node on this machine with as many processes as Athar runs (node:cluster,
 * as Athar's WORKERS), to tell Athar's own cost from the platform's. It sends Content-Type and
 * Content-Length, or with `headers` those besides (e.g. Athar's own, for the same bytes on the wire).
 */
const BARE_NODE = `
import cluster from 'node:cluster';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
const [www, processes, extra] = process.argv.slice(1);
const headers = Object.entries({ 'Content-Type': 'image/jpeg', ...JSON.parse(extra) }).flat();
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
    res.writeHead(200, [...headers, 'Content-Length', String(body.length)]);
    res.end(body);
  });
  // Workers share the primary's port (0 is chosen once, by the primary).
  server.listen(0, '127.0.0.1', () => cluster.isPrimary && console.log('port ' + server.address().port));
  process.on('SIGTERM', () => process.exit(0));
}
`;

export async function startBareNode(
  www: string,
  processes: number,
  headers: Record<string, string> = {}
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', BARE_NODE, www, String(processes), JSON.stringify(headers)],
    { stdio: ['ignore', 'pipe', 'inherit'] }
  );
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

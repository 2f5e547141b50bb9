/**
 * `npm run demo`: loads through the CLI entry (server/demo.ts --load-only) into a temporary
 * DEMO_DIR, serves that directory, checks what was loaded through the API, and checks that
 * --remove deletes only a directory holding the demo marker.
 *
 * SQLite only: the demo is SQLite by design (its own directory, DATABASE_URL ignored), so a
 * PostgreSQL run would test nothing the demo ever does.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstance, ROOT, type Instance } from '../helpers/athar.ts';
import { signIn, type Client } from '../helpers/http.ts';

function demo(
  args: string[],
  demoDir: string
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['server/demo.ts', ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        DEMO_DIR: demoDir,
        PORT: '4123',
        DATABASE_URL: 'postgres://ignored.invalid/none'
      },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run demo (sqlite)', () => {
  let athar: Instance;
  let loaded: { code: number | null; stdout: string; stderr: string };
  const passwords = new Map<string, string>();
  let coordinator: Client;

  beforeAll(async () => {
    athar = await createInstance('sqlite', { ATHAR_DEMO: '1' });
    loaded = await demo(['--load-only'], athar.dataDir);
    for (const match of loaded.stdout.matchAll(/(\S+@demo\.example\.org)\s+(\S+)/g))
      passwords.set(match[1]!, match[2]!);
    await athar.start();
    coordinator = await signIn(
      athar,
      'coordinator@demo.example.org',
      passwords.get('coordinator@demo.example.org')
    );
  });
  afterAll(() => athar.destroy());

  it('loads once, ignoring DATABASE_URL, and prints the users with their passwords and the URL', async () => {
    expect(loaded.code, loaded.stderr).toBe(0);
    expect(loaded.stdout).toContain('ignoring DATABASE_URL');
    expect(loaded.stdout).toMatch(/sign in at http:\/\/localhost:4123 as:/);
    expect([...passwords.keys()].sort()).toEqual(
      ['admin', 'coordinator', 'expert1', 'expert2', 'observer'].map((u) => `${u}@demo.example.org`)
    );
    expect(fs.existsSync(path.join(athar.dataDir, '.athar-demo'))).toBe(true);
    const again = await demo(['--load-only'], athar.dataDir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already loaded');
  });

  it('serves the collection, its items and findings, a queue, a body with its number and a person', async () => {
    const collections = (await (await coordinator.request('/api/collections')).json()) as {
      id: string;
      name: string;
      itemCount: number;
    }[];
    expect(collections).toHaveLength(1);
    const [collection] = collections;
    expect(collection!.itemCount).toBe(8);
    const items = (await (await coordinator.request(`/api/collections/${collection!.id}/items`)).json()) as {
      items: { id: string; kind: string; annotationCount: number }[];
    };
    expect(items.items.filter((i) => i.kind === 'document')).toHaveLength(2);
    const annotated = items.items.filter((i) => i.annotationCount > 0);
    expect(annotated.map((i) => i.annotationCount)).toEqual([1, 1]);
    const page = (await (await coordinator.request(`/api/items/${annotated[0]!.id}/annotations`)).json()) as {
      items: { body: { value: string }[] }[];
    };
    expect(page.items[0]!.body.map((b) => b.value).join(' ')).toContain('Demo finding');
    const queues = (await (await coordinator.request('/api/queues')).json()) as { name: string }[];
    expect(queues.map((q) => q.name)).toEqual(['Demo: describe the photographs']);
    const bodies = (await (
      await coordinator.request(`/api/bodies?collection=${collection!.id}&identifier=٢١٥`)
    ).json()) as { bodies: unknown[] };
    expect(bodies.bodies).toHaveLength(1);
    const persons = (await (
      await coordinator.request(`/api/persons?collection=${collection!.id}&q=4217`)
    ).json()) as { persons: unknown[] };
    expect(persons.persons).toHaveLength(1);
  });

  it('marks every page as demo data', async () => {
    const html = await (await fetch(`${athar.url}/login`)).text();
    expect(html).toContain('Demo data — not evidence');
  });

  it('removes, and loads into, only a directory that holds the demo marker (or an empty one)', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-not-demo-'));
    fs.writeFileSync(path.join(other, 'athar.db'), 'real data');
    const refused = await demo(['--remove'], other);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('not a demo directory');
    expect(fs.existsSync(path.join(other, 'athar.db'))).toBe(true);
    const notLoaded = await demo(['--load-only'], other);
    expect(notLoaded.code).toBe(2);
    expect(notLoaded.stderr).toContain('not empty and not a demo directory');
    fs.rmSync(other, { recursive: true, force: true });

    await athar.stop();
    const removed = await demo(['--remove'], athar.dataDir);
    expect(removed.code, removed.stderr).toBe(0);
    expect(fs.existsSync(athar.dataDir)).toBe(false);
  });
});

/**
 * Dossier tests: a world with a coordinator and annotated photographs, downloads, the bag unzipped,
 * one byte flipped, and the outside tools (sha256sum, openssl, unzip) a third party would use.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Instance } from './athar.ts';
import { COLLECTION, createWorld, type World } from './collab-world.ts';
import { get } from './http.ts';
import { tempDir } from './images.ts';
import { addMember, addPerson, type Person } from './world.ts';

export type DossierWorld = World & { cora: Person; dir: string };

/** The collab world plus Cora, a coordinator of the collection, and a scratch directory. */
export async function createDossierWorld(athar: Instance, items: number): Promise<DossierWorld> {
  const world = await createWorld(athar, items);
  const cora = await addPerson(athar, 'cora@example.org', 'coordinator');
  await addMember(athar, COLLECTION, cora.email);
  return { ...world, cora, dir: tempDir('athar-dossier-') };
}

/** A finding imported through the W3C API, as `token`. */
export async function importFinding(
  athar: Instance,
  token: string,
  itemId: string,
  fields: Record<string, string>,
  xywh: string
): Promise<void> {
  const response = await fetch(`${athar.url}/api/items/${itemId}/annotations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'Annotation',
      body: Object.entries(fields).map(([field, value]) => ({
        type: 'TextualBody',
        value,
        'athar:field': field
      })),
      target: { selector: { type: 'FragmentSelector', value: `xywh=pixel:${xywh}` } }
    })
  });
  expect(response.status, await response.clone().text()).toBe(201);
}

/** GETs a dossier into `file`; returns the response (its body consumed on 200). */
export async function download(athar: Instance, pathname: string, token: string, file: string) {
  const response = await get(athar, pathname, token);
  if (response.status === 200) fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
  return response;
}

/** Runs a program; its exit status and output. */
export function run(command: string, args: string[], cwd?: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Unzips `zip` into a fresh directory under `into`. */
export function unzip(zip: string, into: string): string {
  const dir = fs.mkdtempSync(path.join(into, 'bag-'));
  expect(run('unzip', ['-q', zip, '-d', dir]).code).toBe(0);
  return dir;
}

/** A copy of the bag folder with one byte of `file` flipped. */
export function flipped(bag: string, file: string, offset = 0): string {
  const copy = `${bag}-flip-${path.basename(file)}`;
  fs.cpSync(bag, copy, { recursive: true });
  const target = path.join(copy, file);
  fs.chmodSync(target, 0o644);
  const bytes = fs.readFileSync(target);
  const at = Math.min(offset, bytes.length - 1);
  bytes[at] = bytes[at]! ^ 0x01;
  fs.writeFileSync(target, bytes);
  return copy;
}

/** The three outside checks VERIFY.md describes, run in the bag's folder. */
export function outsideChecks(bag: string) {
  return {
    payload: run('sha256sum', ['--quiet', '-c', 'manifest-sha256.txt'], bag).code,
    tags: run('sha256sum', ['--quiet', '-c', 'tagmanifest-sha256.txt'], bag).code,
    signature: run(
      'openssl',
      [
        'pkeyutl',
        '-verify',
        '-pubin',
        '-inkey',
        'athar-signing-key.pem',
        '-rawin',
        '-in',
        'tagmanifest-sha256.txt',
        '-sigfile',
        'athar-signature.ed25519'
      ],
      bag
    ).code
  };
}

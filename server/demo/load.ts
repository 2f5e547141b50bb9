/**
 * Loads the demo collection into an empty instance through the project's own owners (the code the
 * CLI and the API call), never around them: users, a collection and its members, ingest, a queue,
 * a body with its photographs and number, a person in the register. Every step is audited as the
 * owners audit it; the demo instance is its own data directory, so none of this enters a real
 * evidence store or its audit chain.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createBody } from '../../src/lib/server/bodies/bodies.ts';
import { checkInput, CreateBodySchema } from '../../src/lib/server/bodies/input.ts';
import { addMemberAudited, createCollectionAudited } from '../../src/lib/server/collections/manage.ts';
import type { UserRow } from '../../src/lib/server/db/schema.ts';
import { ingestFile, type Kind } from '../../src/lib/server/evidence/ingest.ts';
import { NewPersonSchema } from '../../src/lib/server/persons/input.ts';
import { createPerson } from '../../src/lib/server/persons/register.ts';
import { checkQueueInput, createQueue } from '../../src/lib/server/review/queues.ts';
import { createUserAudited, type Actor } from '../../src/lib/server/users/manage.ts';
import type { Runtime } from '../../src/lib/server/runtime.ts';
import type { Role } from '../../src/lib/model/roles.ts';
import type { Check } from '../../src/lib/server/validate.ts';
import { addDemoFindings } from './findings.ts';
import { DEMO_BODY_NUMBER, DEMO_PEOPLE, writeDemoImages } from './images.ts';

export const DEMO_COLLECTION = 'Demo collection (generated)';
const LOADER: Actor = { id: null, ip: 'demo' };
const ACTOR = 'cli:demo';

const USERS: { key: string; name: string; role: Role; expert: boolean }[] = [
  { key: 'admin', name: 'Demo Administrator', role: 'admin', expert: false },
  { key: 'coordinator', name: 'Demo Coordinator', role: 'coordinator', expert: false },
  { key: 'expert1', name: 'Demo Expert One', role: 'reviewer', expert: true },
  { key: 'expert2', name: 'Demo Expert Two', role: 'reviewer', expert: true },
  { key: 'observer', name: 'Demo Observer', role: 'observer', expert: false }
];

export type DemoUser = { email: string; password: string; role: Role; expert: boolean };
export type DemoSummary = {
  users: DemoUser[];
  collectionId: string;
  items: number;
  queueId: string;
  findings: number;
};

function must<T>(check: Check<T>, what: string): T {
  if (!check.ok) throw new Error(`demo ${what}: ${check.error}`);
  return check.value;
}

function refused(result: { error: string }, what: string): never {
  throw new Error(`demo ${what} refused: ${result.error}`);
}

export async function loadDemo(runtime: Runtime): Promise<DemoSummary> {
  const { db } = runtime;
  const { dataDir } = runtime.config;
  const rows = new Map<string, UserRow>();
  const users: DemoUser[] = [];
  for (const u of USERS) {
    const email = `${u.key}@demo.example.org`;
    // Generated per load: a demo instance reachable on a network must not share one known password.
    const password = crypto.randomBytes(12).toString('base64url');
    const row = await createUserAudited(db, LOADER, {
      email,
      name: u.name,
      role: u.role,
      expert: u.expert,
      password
    });
    if (!row) throw new Error(`demo user ${email} exists already: is this directory already loaded?`);
    rows.set(u.key, row);
    users.push({ email, password, role: u.role, expert: u.expert });
  }
  const collection = await createCollectionAudited(db, LOADER, DEMO_COLLECTION);
  if (!collection) throw new Error(`a collection "${DEMO_COLLECTION}" exists already`);
  for (const row of rows.values()) await addMemberAudited(db, LOADER, collection.id, row.id);

  const sources = path.join(dataDir, 'demo-sources');
  const files = await writeDemoImages(sources);
  const ingest = async (file: string, kind: Kind) => {
    const result = await ingestFile(
      db,
      { dataDir },
      {
        path: file,
        collectionId: collection.id,
        kind,
        actor: ACTOR,
        ip: 'demo'
      }
    );
    if (result.status !== 'ingested' || !result.itemId)
      throw new Error(`demo ingest of ${file}: ${result.status} ${result.reason ?? ''}`);
    return result.itemId;
  };
  const photoIds: string[] = [];
  for (const file of files.photos) photoIds.push(await ingest(file, 'photo'));
  const cardId = await ingest(files.card, 'photo');
  for (const file of files.pages) await ingest(file, 'document');
  await fs.rm(sources, { recursive: true, force: true });

  const coordinator = rows.get('coordinator')!;
  const queue = await createQueue(
    db,
    coordinator,
    must(
      checkQueueInput({
        collectionId: collection.id,
        name: 'Demo: describe the photographs',
        task: 'annotate',
        filter: { kind: 'photo' },
        reviewsPerItem: 1,
        blind: false,
        memberIds: [rows.get('expert1')!.id, rows.get('expert2')!.id]
      }),
      'queue'
    ),
    'demo'
  );
  if (!queue.ok) refused(queue, 'queue');

  const body = await createBody(
    db,
    coordinator,
    must(
      checkInput(CreateBodySchema, {
        collectionId: collection.id,
        itemIds: [cardId, photoIds[0]!, photoIds[1]!],
        identifiers: [{ kind: 'other', value: DEMO_BODY_NUMBER }]
      }),
      'body'
    ),
    'demo'
  );
  if (!body.ok) refused(body, 'body');

  const findings = await addDemoFindings(runtime, rows.get('expert1')!, photoIds);

  const person = DEMO_PEOPLE[0]!;
  await createPerson(
    db,
    coordinator.id,
    must(
      checkInput(NewPersonSchema, {
        collectionId: collection.id,
        name: person.nameAr,
        nameLatin: person.nameLatin,
        detaineeNumbers: [person.number],
        notes: 'Generated demo person: not a real individual.'
      }),
      'person'
    ),
    'demo'
  );

  return {
    users,
    collectionId: collection.id,
    items: photoIds.length + 1 + files.pages.length,
    queueId: queue.id,
    findings
  };
}

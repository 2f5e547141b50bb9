/**
 * A few demo findings, written the way the REST import writes them: parseImport (the selector
 * codec and the finding rules, with the expert as author) and importAnnotations into the live
 * document through the collaboration service that server/websockets.ts mounts, here in-process and
 * without a socket, so validation, projection and audit are the server's own.
 */
import type { UserRow } from '../../src/lib/server/db/schema.ts';
import { importAnnotations, parseImport } from '../../src/lib/server/annotations/import.ts';
import { createUpgradeRouter } from '../../src/lib/server/http/upgrade.ts';
import type { Runtime } from '../../src/lib/server/runtime.ts';
import { mountWebsockets } from '../websockets.ts';
import { PHOTO_SIZE } from './images.ts';

const annotation = (xywh: string, fields: Record<string, string>) => ({
  type: 'Annotation',
  motivation: 'describing',
  body: Object.entries(fields).map(([field, value]) => ({
    type: 'TextualBody',
    value,
    'athar:field': field
  })),
  target: { selector: { type: 'FragmentSelector', value: `xywh=pixel:${xywh}` } }
});

export async function addDemoFindings(
  runtime: Runtime,
  expert: UserRow,
  photoIds: string[]
): Promise<number> {
  const importer = { id: expert.id, readOnly: false, expert: expert.expert === 1 };
  const findings: [string, unknown[]][] = [
    [
      photoIds[0]!,
      [
        annotation('180,120,260,220', {
          colour: 'blue-green',
          pattern: 'round shape (generated demo image)',
          notes: 'Demo finding: drawn on a generated abstract image, not evidence.'
        })
      ]
    ],
    [
      photoIds[1]!,
      [annotation('420,300,300,120', { colour: 'ochre', notes: 'Demo finding: a second example region.' })]
    ]
  ];
  const websockets = mountWebsockets(createUpgradeRouter(), runtime);
  try {
    for (const [itemId, body] of findings) {
      const parsed = parseImport(body, importer, PHOTO_SIZE);
      if (!parsed.ok) throw new Error(`demo finding refused: ${parsed.message}`);
      await importAnnotations(runtime.db, runtime.collab!, itemId, importer, parsed.records, 'demo');
    }
  } finally {
    // Stores what the rooms hold (the log and the projection) before the loader closes the database.
    await websockets.close();
  }
  return findings.length;
}

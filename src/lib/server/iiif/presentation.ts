/**
 * IIIF Presentation 3.0 over Athar's evidence: a Manifest for an item (one Canvas), for a
 * document (its pages in page order) and for a body (its photographs in the body's order), a Collection for a collection (its documents and loose
 * items, paged). Each Canvas paints the item's level-0 image service and references its shared
 * layer as an AnnotationPage (annotations.ts). Who may read which is decided before these are
 * called (auth/access/collections.ts); only `ready` items appear.
 */
import type { Db } from '../db/connect.ts';
import type { DocumentRow, ItemRow } from '../db/schema.ts';
import { iiifUrls } from './urls.ts';

export const PRESENTATION_CONTEXT = 'http://iiif.io/api/presentation/3/context.json';
/** Manifests per page of a IIIF Collection; the last entry of a full page is the next page. */
export const COLLECTION_PAGE = 500;

const label = (text: string) => ({ none: [text] });

function canvas(origin: string, item: ItemRow, manifest: string, name: string) {
  const urls = iiifUrls(origin);
  const id = urls.canvas(item.id);
  const service = [{ id: urls.imageService(item.id), type: 'ImageService3', profile: 'level0' }];
  return {
    id,
    type: 'Canvas',
    label: label(name),
    width: item.width,
    height: item.height,
    thumbnail: [{ id: urls.thumbnail(item.id), type: 'Image', format: 'image/jpeg', service }],
    items: [
      {
        id: `${id}/paintings`,
        type: 'AnnotationPage',
        items: [
          {
            id: `${id}/painting`,
            type: 'Annotation',
            motivation: 'painting',
            target: id,
            body: {
              id: `${urls.imageService(item.id)}/full/max/0/default.jpg`,
              type: 'Image',
              format: 'image/jpeg',
              width: item.width,
              height: item.height,
              service
            }
          }
        ]
      }
    ],
    annotations: [{ id: urls.annotations(item.id), type: 'AnnotationPage' }],
    partOf: [{ id: manifest, type: 'Manifest' }]
  };
}

function manifest(origin: string, id: string, name: string, collectionId: string, canvases: unknown[]) {
  return {
    '@context': PRESENTATION_CONTEXT,
    id,
    type: 'Manifest',
    label: label(name),
    partOf: [{ id: iiifUrls(origin).collection(collectionId), type: 'Collection' }],
    items: canvases
  };
}

const pageName = (document: DocumentRow, item: ItemRow) => `${document.title} — ${item.page_index + 1}`;

export function itemManifest(origin: string, item: ItemRow) {
  const id = iiifUrls(origin).itemManifest(item.id);
  return {
    ...manifest(origin, id, item.original_name, item.collection_id, [
      canvas(origin, item, id, item.original_name)
    ]),
    homepage: [
      {
        id: `${origin}/items/${item.id}`,
        type: 'Text',
        label: label(item.original_name),
        format: 'text/html'
      }
    ]
  };
}

export async function documentManifest(db: Db, origin: string, document: DocumentRow) {
  const id = iiifUrls(origin).documentManifest(document.id);
  const pages = await db
    .selectFrom('items')
    .selectAll()
    .where('document_id', '=', document.id)
    .where('status', '=', 'ready')
    .orderBy('page_index')
    .execute();
  return manifest(
    origin,
    id,
    document.title,
    document.collection_id,
    pages.map((p) => canvas(origin, p, id, pageName(document, p)))
  );
}

/** A body's photographs in the body's order (body_items.position). */
export async function bodyManifest(db: Db, origin: string, body: { id: string; collection_id: string }) {
  const id = iiifUrls(origin).bodyManifest(body.id);
  const photos = await db
    .selectFrom('body_items as b')
    .innerJoin('items as i', 'i.id', 'b.item_id')
    .selectAll('i')
    .where('b.body_id', '=', body.id)
    .where('i.status', '=', 'ready')
    .orderBy('b.position')
    .execute();
  const name = `Body ${body.id}`;
  return manifest(
    origin,
    id,
    name,
    body.collection_id,
    photos.map((p) => canvas(origin, p, id, p.original_name))
  );
}

/** Page `page` (from 1) of a collection: its documents first, then the items outside documents. */
export async function collectionPage(
  db: Db,
  origin: string,
  collection: { id: string; name: string },
  page: number
) {
  const urls = iiifUrls(origin);
  const offset = (page - 1) * COLLECTION_PAGE;
  const { n } = await db
    .selectFrom('documents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('collection_id', '=', collection.id)
    .executeTakeFirstOrThrow();
  const documentCount = Number(n);
  const documents =
    offset < documentCount
      ? await db
          .selectFrom('documents')
          .select(['id', 'title'])
          .where('collection_id', '=', collection.id)
          .orderBy('created_at')
          .orderBy('id')
          .limit(COLLECTION_PAGE + 1)
          .offset(offset)
          .execute()
      : [];
  const room = COLLECTION_PAGE + 1 - documents.length;
  const items =
    room > 0
      ? await db
          .selectFrom('items')
          .select(['id', 'original_name'])
          .where('collection_id', '=', collection.id)
          .where('document_id', 'is', null)
          .where('status', '=', 'ready')
          .orderBy('ingested_at')
          .orderBy('id')
          .limit(room)
          .offset(Math.max(0, offset - documentCount))
          .execute()
      : [];
  const entries = [
    ...documents.map((d) => ({ id: urls.documentManifest(d.id), type: 'Manifest', label: label(d.title) })),
    ...items.map((i) => ({ id: urls.itemManifest(i.id), type: 'Manifest', label: label(i.original_name) }))
  ];
  const more = entries.length > COLLECTION_PAGE;
  const next = {
    id: urls.collection(collection.id, page + 1),
    type: 'Collection',
    label: label(`${collection.name} (${page + 1})`)
  };
  return {
    '@context': PRESENTATION_CONTEXT,
    id: urls.collection(collection.id, page),
    type: 'Collection',
    label: label(page > 1 ? `${collection.name} (${page})` : collection.name),
    items: more ? [...entries.slice(0, COLLECTION_PAGE), next] : entries
  };
}

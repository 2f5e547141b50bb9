/** Where each IIIF resource of Athar answers (routes under src/routes/iiif/, tiles in evidence/iiif-http.ts). */
export function iiifUrls(origin: string) {
  return {
    imageService: (itemId: string) => `${origin}/iiif/${itemId}`,
    thumbnail: (itemId: string) => `${origin}/iiif/${itemId}/thumbnail.jpg`,
    itemManifest: (itemId: string) => `${origin}/iiif/manifests/item/${itemId}`,
    documentManifest: (documentId: string) => `${origin}/iiif/manifests/document/${documentId}`,
    bodyManifest: (bodyId: string) => `${origin}/iiif/manifests/body/${bodyId}`,
    collection: (collectionId: string, page = 1) =>
      `${origin}/iiif/collections/${collectionId}${page > 1 ? `?page=${page}` : ''}`,
    annotations: (itemId: string) => `${origin}/iiif/annotations/item/${itemId}`,
    /** Not fetched by viewers: the same canvas in an item's and its document's manifest. */
    canvas: (itemId: string) => `${origin}/iiif/canvases/${itemId}`
  };
}

/** Paths SvelteKit answers; every other /iiif/ path is the Image API (evidence/iiif-http.ts). */
export const PRESENTATION_PATH = /^\/iiif\/(manifests|collections|annotations)\//;

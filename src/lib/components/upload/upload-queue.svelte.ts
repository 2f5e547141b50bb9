/**
 * Browser uploads, one XMLHttpRequest per file (fetch reports no upload progress), at most
 * CONCURRENCY at a time, to the streaming endpoint `POST /api/collections/:id/uploads`. The server
 * answers once the file is ingested: 201 ingested, 200 duplicate, 422 rejected with a reason code.
 * Once the bytes are sent, the row asks the server how far it is (checking, then cutting tiles)
 * every POLL_MS, with the upload's own random id, until the answer arrives.
 */
import type { IngestReason } from '$lib/server/evidence/reasons';
import { tApiError } from '$lib/i18n/t.svelte';

export const CONCURRENCY = 2;
const POLL_MS = 400;

/** 16 random bytes, URL-safe (crypto.randomUUID needs a secure context; a LAN install may lack one). */
function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

export type UploadStatus =
  'queued' | 'uploading' | 'processing' | 'ingested' | 'duplicate' | 'rejected' | 'failed' | 'cancelled';

type Answer = {
  itemId?: string | null;
  error?: { code?: string; message?: string };
  result?: {
    itemId?: string | null;
    reasonCode?: IngestReason['code'] | null;
    reasonParams?: IngestReason['params'] | null;
  };
};

/** The server's work on an upload once its bytes are in (`GET …/uploads/:id`). */
export type ServerPhase = { phase: 'receiving' | 'checking' | 'waiting' | 'tiling'; progress: number };

let nextKey = 0;

export class Upload {
  readonly key = nextKey++;
  readonly file: File;
  readonly kind: 'photo' | 'document';
  status = $state<UploadStatus>('queued');
  readonly id = randomId();
  /** 0–1, of the bytes sent. */
  progress = $state(0);
  /** What the server last said it was doing, while the status is `processing`. */
  server = $state<ServerPhase | null>(null);
  /** A refusal the page can word in its language; else `reason`, as the server or the API error put it. */
  why = $state<IngestReason | null>(null);
  reason = $state<string | null>(null);
  itemId = $state<string | null>(null);
  xhr: XMLHttpRequest | null = null;

  constructor(file: File, kind: 'photo' | 'document') {
    this.file = file;
    this.kind = kind;
  }

  get done(): boolean {
    return !['queued', 'uploading', 'processing'].includes(this.status);
  }
}

export class UploadQueue {
  uploads = $state<Upload[]>([]);
  readonly #collectionId: string;

  constructor(collectionId: string) {
    this.#collectionId = collectionId;
  }

  get active(): boolean {
    return this.uploads.some((u) => !u.done);
  }

  count(status: UploadStatus): number {
    return this.uploads.filter((u) => u.status === status).length;
  }

  add(files: Iterable<File>, kind: 'photo' | 'document'): void {
    for (const file of files) this.uploads.push(new Upload(file, kind));
    this.#pump();
  }

  cancel(upload: Upload): void {
    if (upload.status === 'queued') upload.status = 'cancelled';
    else if (upload.status === 'uploading') upload.xhr?.abort();
    this.#pump();
  }

  clearFinished(): void {
    this.uploads = this.uploads.filter((u) => !u.done);
  }

  #pump(): void {
    let running = this.uploads.filter((u) => u.status === 'uploading' || u.status === 'processing').length;
    for (const upload of this.uploads) {
      if (running >= CONCURRENCY) break;
      if (upload.status !== 'queued') continue;
      running += 1;
      this.#send(upload);
    }
  }

  #send(upload: Upload): void {
    const xhr = new XMLHttpRequest();
    upload.xhr = xhr;
    upload.status = 'uploading';
    xhr.open('POST', `/api/collections/${this.#collectionId}/uploads?kind=${upload.kind}`);
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(upload.file.name));
    xhr.setRequestHeader('X-File-Modified', String(upload.file.lastModified));
    xhr.setRequestHeader('X-Upload-Id', upload.id);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) upload.progress = event.loaded / event.total;
    };
    // All bytes are sent; the server now hashes, checks and tiles the file before it answers.
    xhr.upload.onload = () => {
      upload.progress = 1;
      upload.status = 'processing';
      void this.#follow(upload);
    };
    xhr.onload = () => this.#settle(upload, xhr);
    xhr.onerror = () => this.#finish(upload, 'failed', null);
    xhr.onabort = () => this.#finish(upload, 'cancelled', null);
    xhr.send(upload.file);
  }

  #settle(upload: Upload, xhr: XMLHttpRequest): void {
    let answer: Answer = {};
    try {
      answer = JSON.parse(xhr.responseText) as Answer;
    } catch {
      // Not JSON (a proxy's error page): the status code below still decides.
    }
    const message = tApiError(xhr.status, answer.error);
    if (xhr.status === 201) this.#finish(upload, 'ingested', null, answer.itemId);
    else if (xhr.status === 200) this.#finish(upload, 'duplicate', null, answer.itemId);
    else if (xhr.status === 422) {
      const code = answer.result?.reasonCode;
      if (code) upload.why = { code, params: answer.result?.reasonParams ?? {} } as IngestReason;
      this.#finish(upload, 'rejected', message, answer.result?.itemId);
    } else this.#finish(upload, 'failed', message);
  }

  /** Asks how far the server is until the upload is answered; a failed poll only waits for the next. */
  async #follow(upload: Upload): Promise<void> {
    const url = `/api/collections/${this.#collectionId}/uploads/${upload.id}`;
    while (upload.status === 'processing') {
      try {
        const res = await fetch(url, { headers: { accept: 'application/json' } });
        if (res.ok && upload.status === 'processing') upload.server = (await res.json()) as ServerPhase;
      } catch {
        // The network hiccuped: the upload's own answer still decides; ask again.
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  #finish(upload: Upload, status: UploadStatus, reason: string | null, itemId?: string | null): void {
    upload.status = status;
    upload.server = null;
    upload.reason = reason;
    upload.itemId = itemId ?? null;
    upload.xhr = null;
    this.#pump();
  }
}

/** An upload the server is working on: who sent it where, and how far the work is. */
export type UploadProgressTable = {
  /** Chosen by the uploading page (random, 16–64 URL-safe characters). */
  id: string;
  collection_id: string;
  uploader_id: string;
  /** `waiting`: checked, its turn to cut tiles not come yet (upload-http.ts, one cut at a time). */
  phase: 'receiving' | 'checking' | 'waiting' | 'tiling';
  /** 0–1000 of the phase. */
  permille: number;
  /** Epoch ms. */
  updated_at: number;
};

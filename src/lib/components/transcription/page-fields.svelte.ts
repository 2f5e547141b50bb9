/**
 * The page's structured fields (`doc.getMap('fields')`, one key per field as in PAGE_FIELDS) as
 * runes. Each field is its own key, so two people editing two fields never overwrite each other;
 * `namesMentioned` is a Y.Array of strings that several people can add to at once.
 */
import * as Y from 'yjs';
import { FIELDS } from '$lib/model/document-schema';
import { NAMES_MENTIONED, type PageField } from '$lib/model/transcription-schema';

export type TextField = Exclude<PageField, 'namesMentioned'>;
export const NAMES = NAMES_MENTIONED;

export class PageFields {
  values = $state<Partial<Record<TextField, string>>>({});
  names = $state<string[]>([]);
  readonly #map: Y.Map<unknown>;
  readonly #doc: Y.Doc;
  /** The names array this tab created, while a concurrent creation could still replace it. */
  #created: { array: Y.Array<string>; names: string[]; at: number } | null = null;
  readonly #refresh = () => {
    this.#recoverLostNames();
    this.#read();
  };

  constructor(doc: Y.Doc) {
    this.#doc = doc;
    this.#map = doc.getMap(FIELDS);
    this.#map.observeDeep(this.#refresh);
    this.#read();
  }

  #read() {
    const values: Partial<Record<TextField, string>> = {};
    this.#map.forEach((value, key) => {
      if (typeof value === 'string') values[key as TextField] = value;
    });
    this.values = values;
    const names = this.#map.get(NAMES);
    this.names =
      names instanceof Y.Array ? names.toArray().filter((n): n is string => typeof n === 'string') : [];
  }

  /** Sets one field; an empty value removes the key. */
  set(field: TextField, value: string): void {
    if (value === '') {
      if (this.#map.has(field)) this.#map.delete(field);
    } else if (this.#map.get(field) !== value) {
      this.#map.set(field, value);
    }
  }

  addName(name: string): void {
    const clean = name.trim();
    if (!clean) return;
    this.#doc.transact(() => {
      let names = this.#map.get(NAMES);
      // Created on the first name only. Two people adding the very first name at the same instant
      // each create an array and only one array survives the merge: see #recoverLostNames.
      if (!(names instanceof Y.Array)) {
        names = new Y.Array<string>();
        this.#map.set(NAMES, names);
        this.#created = { array: names as Y.Array<string>, names: [], at: Date.now() };
      }
      (names as Y.Array<string>).push([clean]);
      const created = this.#created;
      if (created && created.array === names) created.names.push(clean);
    });
  }

  /**
   * When another person's first name and ours created the array at the same time and theirs won,
   * ours is gone with the losing array: add those names again to the surviving one. Only shortly
   * after the creation, so that a restored version that drops the names is not undone.
   */
  #recoverLostNames() {
    const created = this.#created;
    if (!created) return;
    const current = this.#map.get(NAMES);
    if (current === created.array) {
      if (Date.now() - created.at > 30_000) this.#created = null;
      return;
    }
    this.#created = null;
    if (!(current instanceof Y.Array) || Date.now() - created.at > 30_000) return;
    const present = current.toArray();
    const lost = created.names.filter((name) => !present.includes(name));
    if (lost.length) current.push(lost);
  }

  /** Removes the name at `index` if it is still `name` (someone may have changed the list). */
  removeName(index: number, name: string): void {
    const names = this.#map.get(NAMES);
    if (!(names instanceof Y.Array)) return;
    const at = names.get(index) === name ? index : names.toArray().indexOf(name);
    if (at >= 0) names.delete(at, 1);
  }

  destroy(): void {
    this.#map.unobserveDeep(this.#refresh);
  }
}

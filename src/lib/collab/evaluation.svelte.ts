/**
 * The browser's side of a body's overall evaluation (model/document/evaluation.ts): the evaluation
 * as a rune, following every change in the room, and the writes of the evaluation panel — only
 * for experts, as the socket requires. Each write names its author and time, as the schema asks.
 */
import * as Y from 'yjs';
import {
  choiceError,
  evaluationOf,
  proseTextError,
  readEvaluation,
  replaceProse,
  type Evaluation,
  type EvaluationChoice,
  type EvaluationProse
} from '$lib/model/document-schema';

export class EvaluationState {
  value = $state<Evaluation>() as Evaluation;
  /** The origin of this panel's own changes (the text binding skips echoing them). */
  readonly origin = { kind: 'evaluation-panel' };
  readonly #doc: Y.Doc;
  readonly #userId: string;
  readonly #map: Y.Map<unknown>;
  #onChange = () => (this.value = readEvaluation(this.#doc));

  constructor(doc: Y.Doc, userId: string) {
    this.#doc = doc;
    this.#userId = userId;
    this.#map = evaluationOf(doc);
    this.value = readEvaluation(doc);
    this.#map.observeDeep(this.#onChange);
  }

  get map(): Y.Map<unknown> {
    return this.#map;
  }

  #stamp(): void {
    this.#map.set('updatedBy', this.#userId);
    this.#map.set('updatedAt', Date.now());
  }

  setChoice(key: EvaluationChoice, value: string | null): void {
    if (choiceError(key, value)) return;
    this.#doc.transact(() => {
      if (value === null) this.#map.delete(key);
      else this.#map.set(key, value);
      this.#stamp();
    }, this.origin);
  }

  /** What was typed into a text: its smallest change; false when refused or not seeded yet. */
  typeText(key: EvaluationProse, text: string, caret: number): boolean {
    const prose = this.#map.get(key);
    if (!(prose instanceof Y.Text) || proseTextError(key, text)) return false;
    this.#doc.transact(() => {
      if (replaceProse(prose, text, caret)) this.#stamp();
    }, this.origin);
    return true;
  }

  destroy(): void {
    this.#map.unobserveDeep(this.#onChange);
  }
}

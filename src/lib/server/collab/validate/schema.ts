/**
 * The shape of a room's document, as containers each playing a part: which roots exist, which keys and
 * children each container holds, and which kinds of content go where. The values themselves are
 * checked in values.ts.
 */
import * as Y from 'yjs';
import type { RoomName } from '../../../model/rooms.ts';
import {
  ADJUDICATION,
  ANNOTATIONS,
  BLOCKS,
  BODY_ROOT_NAMES,
  EVALUATION,
  isEvaluationProse,
  FIELDS,
  isProseField,
  LINE_BREAK,
  MARKS,
  NAMES_FIELD,
  ROOTS,
  TEXT_RUN_MAX,
  TRANSCRIPTION
} from './model-rules.ts';
import { refuse, type Refusal } from './types.ts';
import { anyValueError, evaluationProseError, proseError, textError, type ValueContext } from './values.ts';

export type Part =
  | 'annotations'
  | 'annotation'
  | 'finding'
  | 'adjudication'
  | 'fields'
  | 'names'
  | 'transcription'
  | 'block'
  | 'line-break'
  | 'text'
  | 'prose'
  | 'evaluation'
  | 'evaluation-prose';
/** A container of the document; `field` names the finding or evaluation field a prose text belongs to. */
export type Container = { part: Part; depth: number; field?: string };

const ROOT_PARTS: Record<string, Part> = {
  [ANNOTATIONS]: 'annotations',
  [ADJUDICATION]: 'adjudication',
  [FIELDS]: 'fields',
  [TRANSCRIPTION]: 'transcription',
  [EVALUATION]: 'evaluation'
};

/** A root of the room's kind: an item's layers hold annotations and text, a body room its evaluation. */
export function rootContainer(name: string, room: RoomName['kind']): Container | Refusal {
  const roots = room === 'body' ? BODY_ROOT_NAMES : ROOTS;
  const part = roots.includes(name) ? ROOT_PARTS[name] : undefined;
  return part ? { part, depth: 0 } : refuse('schema', `unknown root "${name.slice(0, 80)}"`);
}

function typeName(type: Y.AbstractType<unknown>): string {
  if (type instanceof Y.XmlText) return 'text';
  if (type instanceof Y.XmlElement) return `<${type.nodeName}>`;
  if (type instanceof Y.Text) return 'prose';
  if (type instanceof Y.Map) return 'map';
  if (type instanceof Y.Array) return 'array';
  return 'other type';
}

/** The part of a type created under `parent` (at `key`, or as a list child when key is null). */
function childPart(parent: Part, key: string | null, type: Y.AbstractType<unknown>): Part | null {
  const name = typeName(type);
  if (parent === 'annotations' && key !== null && name === 'map') return 'annotation';
  if (parent === 'annotation' && key === 'finding' && name === 'map') return 'finding';
  if (parent === 'finding' && name === 'prose' && isProseField(key)) return 'prose';
  if (parent === 'fields' && key === NAMES_FIELD && name === 'array') return 'names';
  if (parent === 'evaluation' && name === 'prose' && isEvaluationProse(key)) return 'evaluation-prose';
  if (parent === 'transcription' && key === null && type instanceof Y.XmlElement)
    return BLOCKS.some((block) => block === type.nodeName) ? 'block' : null;
  if (parent === 'block' && key === null && name === 'text') return 'text';
  if (parent === 'block' && key === null && name === `<${LINE_BREAK}>`) return 'line-break';
  return null;
}

export function childContainer(
  parent: Container,
  key: string | null,
  type: Y.AbstractType<unknown>
): Container | Refusal {
  const part = childPart(parent.part, key, type);
  const where = key === null ? parent.part : `${parent.part}.${key.slice(0, 80)}`;
  if (!part) return refuse('schema', `no ${typeName(type)} in ${where}`);
  return (part === 'prose' || part === 'evaluation-prose') && key !== null
    ? { part, depth: parent.depth + 1, field: key }
    : { part, depth: parent.depth + 1 };
}

const MAP_PARTS: ReadonlySet<Part> = new Set([
  'annotations',
  'annotation',
  'finding',
  'adjudication',
  'fields',
  'block',
  'evaluation'
]);
const LIST_PARTS: ReadonlySet<Part> = new Set([
  'names',
  'transcription',
  'block',
  'text',
  'prose',
  'evaluation-prose'
]);

/**
 * Checks one new item at its place. Returns the container a new type opens, null for content that
 * opens none, or the refusal.
 */
export function checkContent(
  place: { container: Container; key: string | null },
  item: Y.Item,
  ctx: ValueContext
): Container | null | Refusal {
  const { container, key } = place;
  if (key === null ? !LIST_PARTS.has(container.part) : !MAP_PARTS.has(container.part))
    return refuse(
      'schema',
      key === null ? `${container.part} holds no list` : `${container.part} holds no keys`
    );
  if (key !== null) {
    const keyError = textError(key, 'a key');
    if (keyError) return keyError;
  }
  if (container.part === 'adjudication' && ctx.room.kind !== 'item')
    return refuse('schema', 'decisions belong to the shared layer');
  const content = item.content;
  if (content instanceof Y.ContentDeleted) return null;
  if (content instanceof Y.ContentType) return childContainer(container, key, content.type);
  if (content instanceof Y.ContentAny) {
    if (key !== null && content.arr.length !== 1) return refuse('schema', 'a key holds one value');
    for (const value of content.arr) {
      const error = anyValueError(container.part, key, value, ctx);
      if (error) return error;
    }
    return null;
  }
  if (content instanceof Y.ContentString && container.part === 'text' && key === null)
    return textError(content.str, 'text', TEXT_RUN_MAX);
  if (content instanceof Y.ContentString && container.part === 'prose' && key === null)
    return proseError(content.str, container.field ?? '');
  if (content instanceof Y.ContentString && container.part === 'evaluation-prose' && key === null)
    return evaluationProseError(content.str, container.field ?? '');
  if (content instanceof Y.ContentFormat && container.part === 'text' && key === null) {
    const value: unknown = content.value;
    const empty =
      value === null ||
      (typeof value === 'object' && !Array.isArray(value) && Object.keys(value as object).length === 0);
    if (!MARKS.includes(content.key) || !empty)
      return refuse('schema', `unknown mark "${content.key.slice(0, 80)}"`);
    return null;
  }
  return refuse('schema', `${content.constructor.name} is not allowed in ${container.part}`);
}

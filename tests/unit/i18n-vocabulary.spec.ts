import { describe, expect, it } from 'vitest';
import { auditActionLabel } from '../../src/lib/i18n/audit-actions.ts';
import { LOCALES, translate, type PlainKey } from '../../src/lib/i18n/index.ts';
import * as vocabulary from '../../src/lib/i18n/vocabulary.ts';
import { BODY_ITEM_ROLES } from '../../src/lib/model/bodies.ts';
import { CAUSE_CONSISTENT, STARVATION } from '../../src/lib/model/document/evaluation.ts';
import { IDENTIFIER_KINDS, IDENTIFIER_STATUSES } from '../../src/lib/model/identifiers.ts';
import {
  BODY_REGIONS,
  CONFIDENCE,
  CONSISTENCY_LEVELS,
  LESION_TYPES,
  SIDES
} from '../../src/lib/model/injury.ts';
import { BANDS } from '../../src/lib/model/names/score.ts';
import { ROLES } from '../../src/lib/model/roles.ts';
import { QUEUE_STATES } from '../../src/lib/server/review/manage.ts';
import { TASKS } from '../../src/lib/server/review/queue-input.ts';
import { catalogue } from '../helpers/i18n-catalogue.ts';

/** Each vocabulary as the code defines it, beside its labels. */
const VOCABULARIES: Array<[string, readonly string[], Record<string, PlainKey>]> = [
  ['lesion', LESION_TYPES, vocabulary.LESION_LABEL],
  ['region', BODY_REGIONS, vocabulary.REGION_LABEL],
  ['side', SIDES, vocabulary.SIDE_LABEL],
  ['consistency', CONSISTENCY_LEVELS, vocabulary.CONSISTENCY_LABEL],
  ['confidence', CONFIDENCE, vocabulary.CONFIDENCE_LABEL],
  ['role', ROLES, vocabulary.ROLE_LABEL],
  ['queue state', QUEUE_STATES, vocabulary.QUEUE_STATE_LABEL],
  ['queue state hint', QUEUE_STATES, vocabulary.QUEUE_STATE_HINT],
  ['task', TASKS, vocabulary.TASK_LABEL],
  ['identifier kind', IDENTIFIER_KINDS, vocabulary.IDENTIFIER_KIND_LABEL],
  ['identifier kind (short)', IDENTIFIER_KINDS, vocabulary.IDENTIFIER_KIND_SHORT],
  ['identifier status', IDENTIFIER_STATUSES, vocabulary.IDENTIFIER_STATUS_LABEL],
  ['identifier status (short)', IDENTIFIER_STATUSES, vocabulary.IDENTIFIER_STATUS_SHORT],
  ['body photo role', BODY_ITEM_ROLES, vocabulary.BODY_ITEM_ROLE_LABEL],
  ['band', BANDS, vocabulary.BAND_LABEL],
  ['starvation', STARVATION, vocabulary.STARVATION_LABEL],
  ['cause consistent', CAUSE_CONSISTENT, vocabulary.CAUSE_CONSISTENT_LABEL]
];

const catalogues = Object.fromEntries(LOCALES.map((l) => [l, catalogue(l)]));

describe('vocabulary labels', () => {
  it.each(VOCABULARIES)('every %s value has a label, and only those', (_name, values, labels) => {
    expect(Object.keys(labels).sort()).toEqual([...values].sort());
  });

  it.each(VOCABULARIES)('every %s label is written in en, ar and de', (_name, values, labels) => {
    for (const value of values) {
      const key = vocabulary.labelOf(labels, value);
      for (const locale of LOCALES) {
        expect(catalogues[locale]?.[key], `${key} in ${locale}`).toBeTruthy();
        expect(translate(locale, key)).not.toBe(key);
      }
      expect(translate('ar', key)).not.toBe(translate('en', key));
    }
  });

  it('refuses a value outside the vocabulary (a bug, not a label)', () => {
    expect(vocabulary.labelOf(vocabulary.ROLE_LABEL, 'observer')).toBe('role.observer');
    expect(() => vocabulary.labelOf(vocabulary.ROLE_LABEL, 'root')).toThrow(/No label for "root"/);
    expect(() => vocabulary.labelOf(vocabulary.ROLE_LABEL, 'toString')).toThrow(/No label/);
    expect(() => vocabulary.labelOf(vocabulary.ROLE_LABEL, null)).toThrow(/No label/);
  });

  it('names every audit action of the catalogue, and leaves an unknown one to its code', () => {
    const keys = Object.keys(catalogues.en ?? {}).filter((k) => k.startsWith('audit_action.'));
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(auditActionLabel(key.slice('audit_action.'.length))).toBe(key);
    expect(auditActionLabel('no.such_action')).toBeNull();
    expect(auditActionLabel('__proto__')).toBeNull();
  });
});

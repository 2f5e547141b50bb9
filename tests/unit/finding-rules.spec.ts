/** The one rule set for a finding, and the document readers and writers that apply it. */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  annotationsOf,
  clearDecision,
  groupKey,
  readAnnotations,
  readDecisions,
  writeAnnotation,
  writeDecision
} from '../../src/lib/model/document-schema.ts';
import {
  NOTES_MAX,
  SHORT_TEXT_MAX,
  checkFinding,
  checkFindingField,
  findingInput,
  mayWriteField
} from '../../src/lib/model/finding-rules.ts';

const reviewer = { readOnly: false, expert: false };
const expert = { readOnly: false, expert: true };
const observer = { readOnly: true, expert: true };
const codeOf = (result: { ok: boolean; code?: string }) => (result.ok ? 'ok' : result.code);

describe('finding rules', () => {
  it('holds one limit per field: 500 for short text, 5,000 for notes', () => {
    expect(codeOf(checkFindingField('colour', 'x'.repeat(SHORT_TEXT_MAX)))).toBe('ok');
    expect(codeOf(checkFindingField('colour', 'x'.repeat(SHORT_TEXT_MAX + 1)))).toBe('invalid_value');
    expect(codeOf(checkFindingField('notes', 'x'.repeat(NOTES_MAX)))).toBe('ok');
    expect(codeOf(checkFindingField('notes', 'x'.repeat(NOTES_MAX + 1)))).toBe('invalid_value');
  });

  it('accepts only the vocabulary, finite sizes and text without control characters', () => {
    expect(codeOf(checkFindingField('lesionType', 'scar'))).toBe('ok');
    expect(codeOf(checkFindingField('lesionType', 'gunshot<script>'))).toBe('invalid_value');
    expect(codeOf(checkFindingField('consistency', 'certain'))).toBe('invalid_value');
    expect(codeOf(checkFindingField('side', 'up'))).toBe('invalid_value');
    expect(codeOf(checkFindingField('sizeMm', 12.5))).toBe('ok');
    for (const size of [Number.NaN, Infinity, -1, 1e20, '12'])
      expect(codeOf(checkFindingField('sizeMm', size)), String(size)).toBe('invalid_value');
    expect(codeOf(checkFindingField('notes', 'line one\nline two\ttab'))).toBe('ok');
    expect(codeOf(checkFindingField('notes', 'nul\u0000here'))).toBe('invalid_value');
    expect(codeOf(checkFindingField('notes', 42))).toBe('invalid_value');
    expect(codeOf(checkFindingField('notes', { nested: { deeper: 'x' } }))).toBe('invalid_value');
    expect(codeOf(checkFindingField('verdict', 'guilty'))).toBe('unknown_field');
    expect(codeOf(checkFindingField('__proto__', 'x'))).toBe('unknown_field');
  });

  it('lets experts alone write consistency, and observers nothing', () => {
    expect(codeOf(checkFindingField('consistency', 'typical', reviewer))).toBe('forbidden');
    expect(codeOf(checkFindingField('consistency', 'typical', expert))).toBe('ok');
    expect(codeOf(checkFindingField('notes', 'x', observer))).toBe('forbidden');
    expect(mayWriteField(reviewer, 'lesionType')).toBe(true);
    expect(mayWriteField(observer, 'lesionType')).toBe(false);
  });

  it('checks a whole finding, first error first', () => {
    expect(checkFinding({ lesionType: 'scar', sizeMm: 3 }, reviewer)).toEqual({
      ok: true,
      value: { lesionType: 'scar', sizeMm: 3 }
    });
    expect(checkFinding({ lesionType: 'scar', verdict: 'x' })).toMatchObject({
      ok: false,
      code: 'unknown_field',
      field: 'verdict'
    });
    expect(codeOf(checkFinding({ consistency: 'diagnostic' }, reviewer))).toBe('forbidden');
    for (const input of [null, 'scar', ['scar']]) expect(codeOf(checkFinding(input))).toBe('invalid_value');
  });

  it('reads what a person typed: trimmed, decimal comma, empty clears, refused otherwise', () => {
    expect(findingInput('sizeMm', ' 12,54 ')).toEqual({ ok: true, value: 12.5 });
    expect(findingInput('notes', '  ')).toEqual({ ok: true, value: null });
    expect(findingInput('notes', ' text ')).toEqual({ ok: true, value: 'text' });
    for (const raw of ['-3', '1e3', '0x10', '10001', 'twelve'])
      expect(findingInput('sizeMm', raw).ok, raw).toBe(false);
  });
});

describe('the document readers', () => {
  const record = (id: string, target: unknown) => ({
    id,
    target: target as never,
    finding: {},
    createdBy: 'amal',
    createdAt: 1,
    updatedBy: 'amal',
    updatedAt: 1
  });
  const RECT = { type: 'FragmentSelector', value: 'xywh=pixel:1,1,10,10' };

  it('skip annotations whose target the codec refuses, and finding values the rules refuse', () => {
    const doc = new Y.Doc();
    writeAnnotation(doc, record('good', RECT));
    writeAnnotation(doc, record('negative', { ...RECT, value: 'xywh=pixel:-5,1,10,10' }));
    writeAnnotation(doc, record('script', { type: 'SvgSelector', value: '<svg onload="x"></svg>' }));
    annotationsOf(doc).get('good')!.set('createdAt', 1e20);
    const finding = annotationsOf(doc).get('good')!.get('finding') as Y.Map<unknown>;
    finding.set('lesionType', 'scar');
    finding.set('notes', 'x'.repeat(NOTES_MAX + 1));
    finding.set('verdict', 'guilty');
    const nulled = new Y.Map<unknown>();
    annotationsOf(doc).set('null-target', nulled);
    nulled.set('target', 'null');
    expect(readAnnotations(doc)).toEqual([
      {
        ...record('good', { ...RECT, conformsTo: 'http://www.w3.org/TR/media-frags/' }),
        createdAt: null,
        finding: { lesionType: 'scar' }
      }
    ]);
  });

  it('write and read adjudication decisions with their sources, and take them back', () => {
    const doc = new Y.Doc();
    const members = [
      { assignmentId: 'b'.repeat(24), annotationId: 'r2' },
      { assignmentId: 'a'.repeat(24), annotationId: 'r1' }
    ];
    const group = { key: groupKey(members), members };
    expect(group.key).toBe(`${'a'.repeat(24)}:r1+${'b'.repeat(24)}:r2`);
    const target = {
      type: 'FragmentSelector' as const,
      conformsTo: 'http://www.w3.org/TR/media-frags/' as const,
      value: 'xywh=pixel:1,1,10,10'
    };
    writeDecision(
      doc,
      group,
      'accepted',
      { target, finding: { lesionType: 'scar' } },
      { userId: 'nadia', from: 'b'.repeat(24) }
    );
    const [annotation] = readAnnotations(doc);
    expect(annotation).toMatchObject({
      id: 'r2',
      createdBy: 'nadia',
      sources: members,
      finding: { lesionType: 'scar' }
    });
    expect(readDecisions(doc)[group.key]).toMatchObject({
      decision: 'accepted',
      annotationId: 'r2',
      by: 'nadia'
    });
    clearDecision(doc, group.key);
    expect(readAnnotations(doc)).toEqual([]);
    expect(readDecisions(doc)).toEqual({});
    doc.getMap('adjudication').set('forged', { decision: 'accepted', by: 'x', at: 1e20 });
    expect(readDecisions(doc)).toEqual({});
  });
});

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fitsSchema } from '../../src/lib/components/transcription/content-check.ts';
import { segments } from '../../src/lib/components/search/highlight.ts';
import { parsePartialDate } from '../../src/lib/components/transcription/partial-date.ts';

describe('search snippet highlighting', () => {
  it('marks the API offsets and keeps the rest as text', () => {
    const snippet = 'وصل مُحَمَّد إلى الفرع ٢١٥';
    const start = snippet.indexOf('مُحَمَّد');
    const digits = snippet.indexOf('٢١٥');
    expect(
      segments(snippet, [
        [digits, digits + 3],
        [start, start + 'مُحَمَّد'.length]
      ])
    ).toEqual([
      { text: 'وصل ', mark: false },
      { text: 'مُحَمَّد', mark: true },
      { text: ' إلى الفرع ', mark: false },
      { text: '٢١٥', mark: true }
    ]);
  });

  it('clips offsets it cannot trust', () => {
    expect(
      segments('abcdef', [
        [4, 99],
        [2, 5],
        [-3, 1],
        [3, 2]
      ])
    ).toEqual([
      { text: 'a', mark: true },
      { text: 'b', mark: false },
      { text: 'cde', mark: true },
      { text: 'f', mark: true }
    ]);
    expect(segments('', [[0, 3]])).toEqual([]);
  });
});

describe('partial Gregorian dates', () => {
  it('accepts a year, a month or a day, in either digits', () => {
    expect(parsePartialDate('2013')).toBe('2013');
    expect(parsePartialDate('2013-5')).toBe('2013-05');
    expect(parsePartialDate(' 2013/05/21 ')).toBe('2013-05-21');
    expect(parsePartialDate('٢٠١٣-٠٥')).toBe('2013-05');
    expect(parsePartialDate('2012-02-29')).toBe('2012-02-29');
  });

  it('refuses what is not a date', () => {
    for (const bad of ['', '13', '2013-13', '2013-02-29', '2013-04-31', '2013-05-00', 'May 2013', '0999'])
      expect(parsePartialDate(bad), bad).toBeNull();
  });
});

describe('content the editor can hold', () => {
  const page = (build: (fragment: Y.XmlFragment) => void) => {
    const doc = new Y.Doc();
    build(doc.getXmlFragment('transcription'));
    return doc.getXmlFragment('transcription');
  };
  const block = (name: string, text: Y.XmlText | Y.XmlElement) => {
    const element = new Y.XmlElement(name);
    element.insert(0, [text]);
    return element;
  };

  it('accepts paragraphs, headings, line breaks and the documentalist’s marks', () => {
    const marked = new Y.XmlText();
    marked.insert(0, 'مُحَمَّد', { personName: {} });
    marked.insert(0, 'وصل ', { unclear: {} });
    expect(
      fitsSchema(
        page((f) => {
          f.insert(0, [block('heading', new Y.XmlText('سجل')), block('paragraph', marked)]);
          (f.get(1) as Y.XmlElement).insert(1, [new Y.XmlElement('hardBreak')]);
        })
      )
    ).toBe(true);
    expect(fitsSchema(page(() => {}))).toBe(true);
  });

  it('refuses what y-prosemirror would delete from the shared document', () => {
    const bold = new Y.XmlText();
    bold.insert(0, 'x', { bold: {} });
    expect(fitsSchema(page((f) => f.insert(0, [block('paragraph', bold)])))).toBe(false);
    expect(fitsSchema(page((f) => f.insert(0, [block('bulletList', new Y.XmlText('x'))])))).toBe(false);
    expect(fitsSchema(page((f) => f.insert(0, [new Y.XmlText('loose text')])))).toBe(false);
    expect(
      fitsSchema(page((f) => f.insert(0, [block('paragraph', block('image', new Y.XmlText('x')))])))
    ).toBe(false);
  });
});

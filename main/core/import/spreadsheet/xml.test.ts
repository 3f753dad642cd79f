import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEntities, getAttr, parseAttrs, XmlError, XmlScanner } from './xml.js';

type Event = ['open', string, string] | ['close', string] | ['text', string];

function scan(chunks: string[]): Event[] {
  const events: Event[] = [];
  const scanner = new XmlScanner({
    open: (name, attrs) => events.push(['open', name, attrs]),
    close: (name) => events.push(['close', name]),
    text: (value) => {
      // Text may arrive in pieces; merge neighbours so chunkings compare equal.
      const last = events[events.length - 1];
      if (last && last[0] === 'text') last[1] += value;
      else events.push(['text', value]);
    },
  });
  for (const chunk of chunks) scanner.write(chunk);
  scanner.end();
  return events;
}

const sample =
  '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- a comment with <tags> -->' +
  '<x:worksheet xmlns:x="urn:x" a=\'1 > 0\'><x:sheetData><row r="1">' +
  '<c r="A1" t="inlineStr"><is><t xml:space="preserve"> a &amp; b &#x41;&#66; </t></is></c>' +
  '<c r="B1"><v><![CDATA[<raw & text>]]></v></c><c r="C1"/></row></x:sheetData></x:worksheet>';

describe('XmlScanner', () => {
  it('reports elements without prefixes, decoded text, CDATA and self-closing tags', () => {
    expect(scan([sample])).toEqual([
      ['text', '\n'],
      ['open', 'worksheet', ' xmlns:x="urn:x" a=\'1 > 0\''],
      ['open', 'sheetData', ''],
      ['open', 'row', ' r="1"'],
      ['open', 'c', ' r="A1" t="inlineStr"'],
      ['open', 'is', ''],
      ['open', 't', ' xml:space="preserve"'],
      ['text', ' a & b AB '],
      ['close', 't'],
      ['close', 'is'],
      ['close', 'c'],
      ['open', 'c', ' r="B1"'],
      ['open', 'v', ''],
      ['text', '<raw & text>'],
      ['close', 'v'],
      ['close', 'c'],
      ['open', 'c', ' r="C1"'],
      ['close', 'c'],
      ['close', 'row'],
      ['close', 'sheetData'],
      ['close', 'worksheet'],
    ]);
  });

  it('gives the same events however the input is cut into chunks', () => {
    const whole = scan([sample]);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: sample.length - 1 }), { maxLength: 30 }),
        (cuts) => {
          const points = [0, ...cuts.sort((a, b) => a - b), sample.length];
          const chunks = points.slice(1).map((end, i) => sample.slice(points[i], end));
          // Entities may be split by a cut only between chunks of text, which decode separately;
          // the scanner keeps text until the next '<', so they never are.
          expect(scan(chunks)).toEqual(whole);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses DOCTYPEs and malformed markup', () => {
    expect(() => scan(['<!DOCTYPE x [<!ENTITY a "b">]><x/>'])).toThrow(XmlError);
    expect(() => scan(['<a><b</a>'])).toThrow(XmlError);
    expect(() => scan(['<a><b attr="x"'])).toThrow('the document ends inside a tag');
    expect(() => scan(['< />'])).toThrow('an element has no name');
  });

  it('can be stopped, ignoring the rest', () => {
    const seen: string[] = [];
    const scanner: XmlScanner = new XmlScanner({
      open: (name) => seen.push(name),
      close: (name) => {
        if (name === 'sheetData') scanner.stop();
      },
      text: () => {},
    });
    scanner.write('<w><sheetData><row/></sheetData><mergeCells><broken');
    scanner.write(' garbage < < <');
    scanner.end();
    expect(seen).toEqual(['w', 'sheetData', 'row']);
  });
});

describe('attributes', () => {
  it('parses into a map by local name, skipping namespace declarations', () => {
    const attrs = parseAttrs(
      ` name="Deals &amp; Leads" r:id='rId1' xmlns:r="urn:r" __proto__="p" sheetId = "2"`,
      new Map(),
    );
    expect([...attrs]).toEqual([
      ['name', 'Deals & Leads'],
      ['id', 'rId1'],
      ['__proto__', 'p'],
      ['sheetId', '2'],
    ]);
    expect(() => parseAttrs(' a=1', new Map())).toThrow(XmlError);
    expect(() => parseAttrs(' a="1', new Map())).toThrow(XmlError);
  });

  it('finds single attributes without being fooled by look-alikes', () => {
    const raw = ' t="str" xmlns:r="urn:r" sr="x" r="B7" s="3"';
    expect(getAttr(raw, 'r')).toBe('B7');
    expect(getAttr(raw, 's')).toBe('3');
    expect(getAttr(raw, 't')).toBe('str');
    expect(getAttr(raw, 'cm')).toBeUndefined();
    expect(getAttr(' x:r="C3"', 'r')).toBe('C3');
  });

  it('decodes the XML entities and character references only', () => {
    expect(decodeEntities('&lt;&gt;&amp;&quot;&apos;&#65;&#x1F600;&nbsp;&#xFFFFFF;&')).toBe(
      `<>&"'A😀&nbsp;\uFFFD&`,
    );
  });
});

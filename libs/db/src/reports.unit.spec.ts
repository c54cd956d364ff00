import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FIGURES, renderFigureDefinitions, toCsv } from './reports';

describe('the figures', () => {
  it('are each defined in one sentence, and docs/reporting.md has exactly those definitions', () => {
    for (const figure of FIGURES) expect(figure.definition).toMatch(/^[A-Z][^.]*(\.[^.\s][^.]*)*\.$/);
    const doc = readFileSync(resolve(__dirname, '../../../docs/reporting.md'), 'utf8');
    expect(/<!-- figures:start -->\n([\s\S]*?)\n<!-- figures:end -->/.exec(doc)?.[1]).toBe(renderFigureDefinitions());
    expect(new Set(FIGURES.map((figure) => figure.id)).size).toBe(FIGURES.length);
  });

  it('write CSV that quotes what needs quoting', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          { a: 'x, "y"', b: 2 },
          { a: null, b: 'line\nbreak' },
        ],
      ),
    ).toBe('a,b\r\n"x, ""y""",2\r\n,"line\nbreak"\r\n');
  });

  it('write text a spreadsheet would run as a formula as text, and numbers as numbers', () => {
    expect(
      toCsv(
        ['scheme', 'n'],
        [
          { scheme: '=HYPERLINK("http://x","y")', n: -3 },
          { scheme: '+1', n: 0 },
          { scheme: '-2', n: 1 },
          { scheme: '@SUM(A1)', n: 2 },
          { scheme: '\tcmd', n: 3 },
          { scheme: 'Oak House', n: 4 },
        ],
      ),
    ).toBe(`scheme,n\r\n"'=HYPERLINK(""http://x"",""y"")",-3\r\n'+1,0\r\n'-2,1\r\n'@SUM(A1),2\r\n'\tcmd,3\r\nOak House,4\r\n`);
  });
});

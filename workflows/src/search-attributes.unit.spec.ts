import { PATHWAY_SEARCH_ATTRIBUTES } from '@sarp/config';
import { pathwaySearchAttributeKeys } from '@sarp/workflows';

describe('search attributes', () => {
  it('are the same in the workflow and in what the stack registers', () => {
    const used = Object.values(pathwaySearchAttributeKeys).map((key) => ({ name: key.name, type: key.type }));
    const typeNames: Record<string, string> = {
      KEYWORD: 'Keyword',
      BOOL: 'Bool',
      INT: 'Int',
      DOUBLE: 'Double',
      DATETIME: 'Datetime',
      TEXT: 'Text',
      KEYWORD_LIST: 'KeywordList',
    };
    expect(used.map((key) => ({ name: key.name, type: typeNames[key.type] ?? key.type }))).toEqual([...PATHWAY_SEARCH_ATTRIBUTES]);
  });
});

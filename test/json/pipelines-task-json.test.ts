import { describe, expect, it } from '@jest/globals';
import { pipelinesTaskValue } from '../../src/json/pipelines-task-json.js';

/**
 * The Azure Pipelines task AzureResourceManagerTemplateDeployment@3 strips comments its own way
 * before JSON.parse (its Utils.stripJsonComments). The values below were checked against that
 * function, run outside this repository.
 */
describe('pipelinesTaskValue: what the Azure Pipelines task deploys from a text', () => {
  it.each<[string, string, unknown]>([
    ['a // comment ends at a line feed', '{"a": 1, // c\n"b": 2}', { a: 1, b: 2 }],
    ['and at a carriage return with a line feed', '{"a": 1, // c\r\n"b": 2}', { a: 1, b: 2 }],
    ['but not at a carriage return alone: the next line is in the comment', '{"a": 1 // c\r, "a": 2\n}', { a: 1 }],
    ['a comment is cut out, so what is on either side of it joins', '{"t": tr/**/ue, "n": 1/* two */2}', { t: true, n: 12 }],
    ['comments inside double-quoted strings are text', '{"u": "http://x/*y*/", "e": "q\\"//"}', { u: 'http://x/*y*/', e: 'q"//' }],
    ['a block comment that is not closed takes the rest of the text', '{"a": 1} /* x', { a: 1 }],
  ])('%s', (_what, text, value) => {
    expect(pipelinesTaskValue(text)).toEqual({ value });
  });

  it.each(['{"a": 1,}', "{'a': 1}", '{"a": 1 /* x'])('gives nothing where JSON.parse fails after the stripping: %j', (text) => {
    expect(pipelinesTaskValue(text)).toBeUndefined();
  });
});

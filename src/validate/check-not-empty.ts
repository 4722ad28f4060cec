import type { TextCheck } from './text-check.js';

/** The output has at least one letter or digit; whitespace and punctuation alone do not count. */
export const checkNotEmpty: TextCheck = (request) => {
  const hasContent = /[\p{L}\p{N}]/u.test(request.output ?? '');
  return {
    name: 'not-empty',
    passed: hasContent,
    score: hasContent ? 1 : 0,
    detail: hasContent ? 'output has text' : `output has no letters or digits (${(request.output ?? '').length} chars)`,
  };
};

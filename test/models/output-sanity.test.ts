import { describe, expect, it } from 'vitest';
import { outputSanityProblem } from '../../src/models/output-sanity.js';

describe('outputSanityProblem', () => {
  const source = 'Photosynthesis is the process by which green plants make their food using sunlight.';

  it('passes a real simplification and a translation', () => {
    expect(outputSanityProblem('Green plants make their own food. They use sunlight. This is called photosynthesis.', source, false)).toBeNull();
    expect(outputSanityProblem('हरे पौधे सूरज की रोशनी से अपना भोजन बनाते हैं।', source, true)).toBeNull();
  });

  it('rejects byte soup, control characters and unrelated words', () => {
    expect(outputSanityProblem('� instructions�1 themk Kw� I atu , word earth', 'Plants need water to grow.', false)).toMatch(/U\+FFFD/u);
    expect(outputSanityProblem('fine words\u0007here', source, true)).toMatch(/control/u);
    expect(outputSanityProblem('The weather today is cloudy with rain expected later.', source, false)).toMatch(/keeps only 0%/u);
  });
});

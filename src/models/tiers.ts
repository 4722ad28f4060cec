/** The three model sizes the router chooses between, smallest first. */
export type Tier = 'SMALL' | 'MEDIUM' | 'LARGE';

export const TIERS: readonly Tier[] = ['SMALL', 'MEDIUM', 'LARGE'];

/** What a local model is asked to do. */
export type ModelTask = 'simplify' | 'translate';

export const MODEL_TASKS: readonly ModelTask[] = ['simplify', 'translate'];

export function isTier(value: string): value is Tier {
  return (TIERS as readonly string[]).includes(value);
}

/** The tiers above the given one, nearest first. */
export function largerTiers(tier: Tier): Tier[] {
  return TIERS.slice(TIERS.indexOf(tier) + 1);
}

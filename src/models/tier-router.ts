import type { RoutingDecision } from '../core/ports.js';
import type { Tier } from './tiers.js';
import { TIERS } from './tiers.js';

/** One band of a score table: the weight applies when `value op bound` holds ('*' always holds). */
export interface ScoreBand {
  op: '<' | '<=' | '*';
  bound: number;
  weight: number;
}

export interface TierRouterOptions {
  /** Scores below the first are SMALL, below the second MEDIUM, else LARGE. Defaults to [0.3, 0.6]. */
  thresholds?: readonly [number, number];
  /** Weight by estimated token count. Defaults to <512: 0.1, <2048: 0.25, else 0.4. */
  tokenWeights?: readonly ScoreBand[];
  /** Weight by target grade. Defaults to <=8: 0.05, <=10: 0.15, else 0.2. */
  gradeWeights?: readonly ScoreBand[];
  /** Weight of a technical subject and of any other. Defaults to 0.2 and 0.1. */
  subjectWeights?: { technical: number; other: number };
  /** Added when the task also translates. Defaults to 0.1. */
  translateWeight?: number;
  /** Subjects (lower case) that count as technical. Defaults to the sciences, mathematics and technology. */
  technicalSubjects?: readonly string[];
}

export interface RoutingTask {
  /** Estimated tokens of the text (see estimateTokens). */
  tokens: number;
  grade: number;
  subject?: string;
  /** True when the task also translates (a translate request, or a simplification that will be translated). */
  translates: boolean;
}

/** Whether a tier can serve now: a model for it is installed and its memory fits the budget. */
export interface TierAvailability {
  installed: boolean;
  fits: boolean;
  /** The model that would serve, for the reasons. */
  model?: string;
  /** Why an installed model cannot serve (e.g. its file failed to parse); shown in the reasons. */
  problem?: string;
}

export interface TierRoute extends RoutingDecision {
  /** null when no tier can serve: nothing installed, or nothing fits. */
  model: string | null;
}

export const DEFAULT_TECHNICAL_SUBJECTS = [
  'science', 'physics', 'chemistry', 'biology', 'mathematics', 'maths', 'math', 'computer science', 'computing',
  'technology', 'engineering', 'statistics', 'accountancy',
] as const;

const DEFAULTS = {
  thresholds: [0.3, 0.6] as const,
  tokenWeights: [{ op: '<', bound: 512, weight: 0.1 }, { op: '<', bound: 2048, weight: 0.25 }, { op: '*', bound: Infinity, weight: 0.4 }] as ScoreBand[],
  gradeWeights: [{ op: '<=', bound: 8, weight: 0.05 }, { op: '<=', bound: 10, weight: 0.15 }, { op: '*', bound: Infinity, weight: 0.2 }] as ScoreBand[],
  subjectWeights: { technical: 0.2, other: 0.1 },
  translateWeight: 0.1,
};

/**
 * Picks a model tier from how hard a task is, with every step of the score written down so the
 * --json report and the logs can show why: tokens + grade + subject (+ translation), then the
 * thresholds. When the chosen tier has no installed model or its model cannot fit the memory
 * budget, it steps to the nearest tier that can (the smaller one on a tie: it loads faster and
 * leaves room) and says so.
 */
export class TierRouter {
  private readonly thresholds: readonly [number, number];
  private readonly tokenWeights: readonly ScoreBand[];
  private readonly gradeWeights: readonly ScoreBand[];
  private readonly subjectWeights: { technical: number; other: number };
  private readonly translateWeight: number;
  private readonly technical: ReadonlySet<string>;

  constructor(options: TierRouterOptions = {}) {
    this.thresholds = options.thresholds ?? DEFAULTS.thresholds;
    this.tokenWeights = options.tokenWeights ?? DEFAULTS.tokenWeights;
    this.gradeWeights = options.gradeWeights ?? DEFAULTS.gradeWeights;
    this.subjectWeights = options.subjectWeights ?? DEFAULTS.subjectWeights;
    this.translateWeight = options.translateWeight ?? DEFAULTS.translateWeight;
    this.technical = new Set((options.technicalSubjects ?? DEFAULT_TECHNICAL_SUBJECTS).map((s) => s.trim().toLowerCase()));
  }

  /** The score and the tier it asks for, ignoring what is installed. */
  score(task: RoutingTask): { score: number; tier: Tier; reasons: string[] } {
    const reasons: string[] = [];
    const tokenWeight = pick(this.tokenWeights, task.tokens);
    reasons.push(`~${task.tokens} tokens (${describe(this.tokenWeights, task.tokens, 'tokens')}): +${tokenWeight}`);
    const gradeWeight = pick(this.gradeWeights, task.grade);
    reasons.push(`grade ${task.grade} (${describe(this.gradeWeights, task.grade, 'grade')}): +${gradeWeight}`);
    const subject = task.subject?.trim().toLowerCase();
    const technical = subject !== undefined && subject !== '' && this.technical.has(subject);
    const subjectWeight = technical ? this.subjectWeights.technical : this.subjectWeights.other;
    reasons.push(`subject ${subject ? `"${subject}"` : '(none)'} ${technical ? 'is technical' : 'is not technical'}: +${subjectWeight}`);
    let score = tokenWeight + gradeWeight + subjectWeight;
    if (task.translates) {
      score += this.translateWeight;
      reasons.push(`also translates: +${this.translateWeight}`);
    }
    // Rounded so 0.1 + 0.2 is 0.3 and lands in the band the table says, not just below it.
    score = Math.round(score * 1e6) / 1e6;
    const [small, medium] = this.thresholds;
    const tier: Tier = score < small ? 'SMALL' : score < medium ? 'MEDIUM' : 'LARGE';
    reasons.push(`score ${score} ${tier === 'SMALL' ? `< ${small}` : tier === 'MEDIUM' ? `< ${medium}` : `>= ${medium}`}: ${tier}`);
    return { score, tier, reasons };
  }

  /** Scores the task, then steps to the nearest tier that can serve when the chosen one cannot. */
  route(task: RoutingTask, availability: (tier: Tier) => TierAvailability): TierRoute {
    const { score, tier, reasons } = this.score(task);
    const wanted = availability(tier);
    if (wanted.installed && wanted.fits) {
      reasons.push(`${tier} model ${wanted.model ?? '(unnamed)'} is installed and fits the memory budget`);
      return { score, tier, reasons, model: wanted.model ?? null };
    }
    reasons.push(`${tier}: ${why(wanted)}`);
    const index = TIERS.indexOf(tier);
    for (let distance = 1; distance < TIERS.length; distance++) {
      for (const candidate of [TIERS[index - distance], TIERS[index + distance]]) {
        if (!candidate) continue;
        const available = availability(candidate);
        if (available.installed && available.fits) {
          reasons.push(`stepped ${TIERS.indexOf(candidate) < index ? 'down' : 'up'} to ${candidate}: model ${available.model ?? '(unnamed)'} is installed and fits`);
          return { score, tier: candidate, requestedTier: tier, reasons, model: available.model ?? null };
        }
        reasons.push(`${candidate}: ${why(available)}`);
      }
    }
    reasons.push('no tier can serve: the next path takes over');
    return { score, tier, reasons, model: null };
  }
}

function pick(bands: readonly ScoreBand[], value: number): number {
  for (const band of bands) if (holds(band, value)) return band.weight;
  return bands.at(-1)?.weight ?? 0;
}

function holds(band: ScoreBand, value: number): boolean {
  return band.op === '*' || (band.op === '<' ? value < band.bound : value <= band.bound);
}

function describe(bands: readonly ScoreBand[], value: number, what: string): string {
  const band = bands.find((b) => holds(b, value));
  if (!band || band.op === '*') {
    const last = bands.filter((b) => b.op !== '*').at(-1);
    return last ? `${what} ${last.op === '<' ? '>=' : '>'} ${last.bound}` : 'any';
  }
  return `${what} ${band.op} ${band.bound}`;
}

function why(availability: TierAvailability): string {
  if (!availability.installed) return 'no model installed';
  if (availability.problem) return `model ${availability.model ?? '(unnamed)'} cannot be used: ${availability.problem}`;
  return `model ${availability.model ?? '(unnamed)'} does not fit the memory budget`;
}

/**
 * Tokens of a text, estimated without loading a tokenizer (the router runs before any model
 * loads): about 4 characters a token in Latin script and 2 in the Indic scripts, whose letters
 * BPE vocabularies split finer.
 */
export function estimateTokens(text: string): number {
  let latin = 0;
  let other = 0;
  for (const ch of text) {
    if (ch.codePointAt(0)! < 0x250 || /\s/u.test(ch)) latin++;
    else other++;
  }
  return Math.ceil(latin / 4 + other / 2);
}

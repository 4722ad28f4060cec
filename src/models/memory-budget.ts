import os from 'node:os';
import { formatBytes } from '../core/format-bytes.js';

const EIGHT_GB = 8e9;

/**
 * The model memory budget: the configured number of bytes, or for 'auto' the smaller of 8 GB and
 * 60% of this machine's memory (leaving the rest for OCR, speech and the system).
 */
export function resolveMemoryBudget(setting: 'auto' | number, totalMemory: number = os.totalmem()): { bytes: number; explanation: string } {
  if (setting !== 'auto') return { bytes: setting, explanation: 'set by MODEL_MEMORY_BUDGET' };
  const share = Math.floor(totalMemory * 0.6);
  return share < EIGHT_GB
    ? { bytes: share, explanation: `auto: 60% of this machine's ${formatBytes(totalMemory)}` }
    : { bytes: EIGHT_GB, explanation: `auto: 8 GB, less than 60% of this machine's ${formatBytes(totalMemory)}` };
}

/**
 * Why a model of this size can never be loaded under this budget (it is bigger than the whole
 * budget), or null when it can. The one fit check for every model the pool holds: GGUF, ONNX and
 * speech models alike.
 */
export function overBudgetReason(id: string, bytes: number, budgetBytes: number): string | null {
  return bytes > budgetBytes ? `${id} needs about ${formatBytes(bytes)} but the model memory budget is ${formatBytes(budgetBytes)}` : null;
}


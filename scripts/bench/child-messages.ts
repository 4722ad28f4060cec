import type { ChildProcess } from 'node:child_process';

export interface ChildError {
  type: 'error';
  message: string;
}

/**
 * The messages a forked child sends, one at a time and in order: each call of the returned function
 * resolves with the next one. If the child exits, every waiting call gets an error message naming
 * it, so a benchmark reports the failure instead of hanging.
 */
export function childMessages<M>(child: ChildProcess, childName: string): () => Promise<M | ChildError> {
  const queue: Array<M | ChildError> = [];
  const waiting: Array<(m: M | ChildError) => void> = [];
  child.on('message', (m: M) => (waiting.length > 0 ? waiting.shift()!(m) : queue.push(m)));
  child.on('exit', (code) => waiting.splice(0).forEach((w) => w({ type: 'error', message: `${childName} exited with ${code}` })));
  return () => (queue.length > 0 ? Promise.resolve(queue.shift()!) : new Promise((resolve) => waiting.push(resolve)));
}

/** Per chat or per user: grade and reply language. */
export interface UserPreferences {
  grade?: number;
  language?: string;
  /** Default school subject for the tier router ("science"); a caption's subject wins for its message. */
  subject?: string;
}

/**
 * What one `serve` process does: ingress receives (webhooks, long polling, Socket Mode) and
 * enqueues; worker runs jobs (pipeline, models, replies); all does both. Ingress and worker
 * alone need REDIS_URL: the embedded store serves one process.
 */
export type ServiceRole = 'all' | 'ingress' | 'worker';

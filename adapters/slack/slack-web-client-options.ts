import type { webApi } from '@slack/bolt';

export interface SlackClientSettings {
  /** Web API base URL; must end in /api/. Defaults to config SLACK_API_URL (https://slack.com/api/). */
  apiUrl: string;
  /** A call answered 429 waits Retry-After seconds up to this bound; longer, it fails at once. Defaults to 20. */
  maxRateLimitWaitSeconds?: number;
  /** One HTTP request may take this long. Defaults to 20000 ms. */
  requestTimeoutMs?: number;
  fetch?: webApi.FetchFunction;
}

/**
 * Retries suited to a job: a few quick tries within ~15 s. The WebClient default retries ten
 * times over about 30 minutes, which would leave a teacher staring at "Working on it…" long
 * after the job's own timeout; the queue retries the whole job instead.
 */
export const JOB_RETRY_POLICY: webApi.RetryOptions = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 4000, randomize: true, maxRetryTime: 15_000 };

/** WebClient options for every Slack call the adapter makes. */
export function slackClientOptions(settings: SlackClientSettings): webApi.WebClientOptions {
  const maxWait = settings.maxRateLimitWaitSeconds ?? 20;
  return {
    slackApiUrl: settings.apiUrl,
    retryConfig: JOB_RETRY_POLICY,
    // Honour Retry-After (the WebClient sleeps, then retries) rather than failing the job at once.
    rejectRateLimitedCalls: false,
    timeout: settings.requestTimeoutMs ?? 20_000,
    fetch: boundRateLimitWaits(settings.fetch ?? (globalThis.fetch as unknown as webApi.FetchFunction), maxWait, settings.apiUrl),
  };
}

/**
 * The WebClient sleeps for whatever Retry-After says, however long. A 429 asking for more than
 * maxWaitSeconds is answered here as Slack's own refusal ({ ok: false, error: "ratelimited" }) so
 * the call fails now and the job can be retried or apologised for. Uploads to a file host are not
 * Web API methods: there a long wait becomes a 503, which the retry policy bounds.
 */
export function boundRateLimitWaits(fetchFn: webApi.FetchFunction, maxWaitSeconds: number, apiUrl: string): webApi.FetchFunction {
  return async (url, init) => {
    const response = await fetchFn(url, init);
    if (response.status !== 429) return response;
    const retryAfter = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
    if (Number.isFinite(retryAfter) && retryAfter >= 0 && retryAfter <= maxWaitSeconds) return response;
    await response.text().catch(() => undefined);
    const isApiMethod = String(url).startsWith(apiUrl);
    const headers = { 'content-type': 'application/json', 'retry-after': String(Number.isFinite(retryAfter) ? retryAfter : '') };
    return isApiMethod
      ? new Response(JSON.stringify({ ok: false, error: 'ratelimited', retry_after: retryAfter }), { status: 200, headers })
      : new Response('rate limited for longer than the job can wait', { status: 503, headers });
  };
}

import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OpenAiCompatibleClient } from '../../src/remote/openai-compatible-client.js';
import { isRemoteApiError, type RemoteApiError } from '../../src/remote/remote-api-error.js';
import { captureLogger } from './helpers/capture-logger.js';

const BASE = 'http://api.example.test/v1';
const KEY = 'sk-test-secret-key-0123456789';
const capture = captureLogger();

function client(overrides: Partial<ConstructorParameters<typeof OpenAiCompatibleClient>[0]> = {}): OpenAiCompatibleClient {
  return new OpenAiCompatibleClient({ baseUrl: BASE, apiKey: KEY, initialBackoffMs: 10, maxBackoffMs: 40, logger: capture.logger, ...overrides });
}

const chat = { model: 'gpt-test', messages: [{ role: 'system' as const, content: 'rules' }, { role: 'user' as const, content: 'data' }], maxTokens: 100 };
const ok = (content: string) => ({ id: 'x', model: 'gpt-test-0613', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] });

async function failure(promise: Promise<unknown>): Promise<RemoteApiError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  if (!isRemoteApiError(err)) throw new Error(`expected a RemoteApiError, got ${String(err)}`);
  return err;
}

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
  // Whatever happened above, the key never reached a log line.
  expect(capture.text()).not.toContain(KEY);
});

describe('OpenAiCompatibleClient against a mocked API (nock)', () => {
  it('posts a chat completion with the bearer key and returns the answer text', async () => {
    const scope = nock('http://api.example.test')
      .post('/v1/chat/completions', (body: { model: string; messages: unknown[]; max_tokens: number; stream: boolean }) => body.model === 'gpt-test' && body.messages.length === 2 && body.max_tokens === 100 && body.stream === false)
      .matchHeader('authorization', `Bearer ${KEY}`)
      .reply(200, ok('Simple text.'));
    const answer = await client().chat(chat);
    expect(answer).toEqual({ text: 'Simple text.', model: 'gpt-test-0613' });
    expect(scope.isDone()).toBe(true);
  });

  it('sends no Authorization header when no key is configured (local servers)', async () => {
    const scope = nock('http://api.example.test', { badheaders: ['authorization'] }).post('/v1/chat/completions').reply(200, ok('fine'));
    await client({ apiKey: '' }).chat(chat);
    expect(scope.isDone()).toBe(true);
  });

  it('waits for Retry-After on a 429, then succeeds', async () => {
    const scope = nock('http://api.example.test')
      .post('/v1/chat/completions').reply(429, { error: { code: 'rate_limit_exceeded', message: 'slow down' } }, { 'Retry-After': '1' })
      .post('/v1/chat/completions').reply(200, ok('after the wait'));
    const started = performance.now();
    const answer = await client().chat(chat);
    const elapsed = performance.now() - started;
    expect(answer.text).toBe('after the wait');
    expect(scope.isDone()).toBe(true);
    // Our own backoff is 10-40 ms here: only the server's Retry-After explains a wait of a second.
    expect(elapsed).toBeGreaterThanOrEqual(950);
    const retry = capture.lines().find((l) => l.msg === 'remote API call failed; retrying' && l.delayMs === 1000);
    expect(retry).toMatchObject({ reason: 'HTTP 429 (rate_limit_exceeded)', attempt: 1 });
  });

  it('honours retry-after-ms, the sub-second form', async () => {
    nock('http://api.example.test')
      .post('/v1/chat/completions').reply(429, {}, { 'retry-after-ms': '300' })
      .post('/v1/chat/completions').reply(200, ok('ok'));
    const started = performance.now();
    await client().chat(chat);
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('fails at once when Retry-After asks for longer than the cap', async () => {
    const scope = nock('http://api.example.test')
      .post('/v1/chat/completions').reply(429, {}, { 'Retry-After': '120' })
      .post('/v1/chat/completions').reply(200, ok('never asked'));
    const started = performance.now();
    const err = await failure(client({ maxRetryAfterMs: 5000 }).chat(chat));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(err).toMatchObject({ status: 429, isRetryable: true, retryAfterMs: 120_000 });
    expect(scope.pendingMocks()).toHaveLength(1);
  });

  it('retries 500s with backoff and gives up after maxRetries', async () => {
    const scope = nock('http://api.example.test')
      .post('/v1/chat/completions').times(3).reply(500, { error: { type: 'server_error' } })
      .post('/v1/chat/completions').reply(200, ok('too late'));
    const err = await failure(client({ maxRetries: 2 }).chat(chat));
    expect(err.message).toBe('HTTP 500 (server_error)');
    expect(err).toMatchObject({ status: 500, isRetryable: true });
    // Three calls were made (one + two retries); the fourth answer was never asked for.
    expect(scope.pendingMocks()).toHaveLength(1);
  });

  it('recovers when a 503 is followed by a success', async () => {
    nock('http://api.example.test').post('/v1/chat/completions').reply(503).post('/v1/chat/completions').reply(200, ok('second time'));
    expect((await client().chat(chat)).text).toBe('second time');
  });

  it('does not retry a 401 and keeps the server\'s message (which can quote the request) out of the error', async () => {
    const scope = nock('http://api.example.test')
      .post('/v1/chat/completions').reply(401, { error: { code: 'invalid_api_key', message: 'Incorrect key for request "my secret homework"' } })
      .post('/v1/chat/completions').reply(200, ok('never'));
    const err = await failure(client().chat(chat));
    expect(err.message).toBe('HTTP 401 (invalid_api_key)');
    expect(err.isRetryable).toBe(false);
    expect(scope.pendingMocks()).toHaveLength(1);
  });

  it('turns malformed JSON into a non-retryable failure with a clear reason', async () => {
    const scope = nock('http://api.example.test')
      .post('/v1/chat/completions').reply(200, '{"choices": [ {"message": ', { 'content-type': 'application/json' })
      .post('/v1/chat/completions').reply(200, ok('never'));
    const err = await failure(client().chat(chat));
    expect(err.message).toBe('malformed answer: the answer is not valid JSON');
    expect(err.isRetryable).toBe(false);
    expect(scope.pendingMocks()).toHaveLength(1);
  });

  it.each([
    ['no choices', { choices: [] }],
    ['no message', { choices: [{ index: 0 }] }],
    ['content not a string', { choices: [{ message: { content: 42 } }] }],
    ['not an object', [1, 2, 3]],
  ])('refuses an answer with %s', async (_name, body) => {
    nock('http://api.example.test').post('/v1/chat/completions').reply(200, body);
    const err = await failure(client().chat(chat));
    expect(err.message).toBe('malformed answer: no choices[0].message.content in the chat answer');
    expect(err.isRetryable).toBe(false);
  });

  it('refuses an answer cut off at the token limit', async () => {
    nock('http://api.example.test').post('/v1/chat/completions').reply(200, { choices: [{ message: { content: 'half a sen' }, finish_reason: 'length' }] });
    expect((await failure(client().chat(chat))).message).toBe('the answer was cut off at the token limit');
  });

  it('drops the <think> block reasoning models put before the answer', async () => {
    nock('http://api.example.test').post('/v1/chat/completions').reply(200, ok('<think>The user wants...</think>\n\nThe answer.'));
    expect((await client().chat(chat)).text).toBe('The answer.');
  });

  it('stops reading an answer larger than the limit', async () => {
    nock('http://api.example.test').post('/v1/chat/completions').reply(200, JSON.stringify(ok('x'.repeat(5000))), { 'content-type': 'application/json' });
    const err = await failure(client({ maxJsonBytes: 1000 }).chat(chat));
    expect(err.message).toBe('response larger than 1000 bytes');
  });

  it('does not follow redirects (they could carry the key elsewhere)', async () => {
    const scope = nock('http://api.example.test').post('/v1/chat/completions').reply(307, '', { location: 'http://evil.example.test/steal' });
    const err = await failure(client().chat(chat));
    expect(err).toMatchObject({ status: 307, isRetryable: false });
    expect(scope.isDone()).toBe(true);
  });

  it('refuses a base URL with credentials in it', () => {
    expect(() => new OpenAiCompatibleClient({ baseUrl: 'https://user:sk-abc@api.example.test/v1' })).toThrow(/REMOTE_API_KEY/);
  });
});

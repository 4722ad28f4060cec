import { silentRemoteLogger, type RemoteLogger } from '../remote/remote-logger.js';
import { BackendPolicy, type BackendHealth } from './backend-policy.js';

export interface BackendPoliciesOptions {
  /** Consecutive failures that open a breaker. Defaults to 3. */
  failures?: number;
  /** Milliseconds an open breaker waits before a test call. Defaults to 30000. */
  halfOpenAfterMs?: number;
  /** Defaults to no logging. */
  logger?: RemoteLogger;
}

/**
 * Every backend's policy, by name, made with the same breaker settings and logger: the one place
 * /healthz reads breaker states and bulkhead counts from. Asking twice for a name returns the
 * same policy, so two tasks on one backend (simplify and translate on one model) share its breaker.
 */
export class BackendPolicies {
  private readonly policies = new Map<string, BackendPolicy>();
  private readonly logger: RemoteLogger;

  constructor(private readonly options: BackendPoliciesOptions = {}) {
    this.logger = options.logger ?? silentRemoteLogger;
  }

  get(name: string, settings: { timeoutMs: number; bulkhead?: { concurrency: number; queue: number } }): BackendPolicy {
    let policy = this.policies.get(name);
    if (!policy) {
      policy = new BackendPolicy({
        name,
        timeoutMs: settings.timeoutMs,
        failures: this.options.failures,
        halfOpenAfterMs: this.options.halfOpenAfterMs,
        ...(settings.bulkhead ? { bulkhead: settings.bulkhead } : {}),
        logger: this.logger,
      });
      this.policies.set(name, policy);
    }
    return policy;
  }

  /** Synchronous, for /healthz: each backend's breaker state, failures and bulkhead counts. */
  health(): Record<string, BackendHealth> {
    return Object.fromEntries([...this.policies].map(([name, policy]) => [name, policy.health()]));
  }
}

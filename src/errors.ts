/**
 * Typed errors with stable codes. They are mapped to HTTP in one place
 * (`src/server/errors.ts`); delivery code reads `retryable` and `retryAfterMs`.
 */
export class GatewayError extends Error {
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The request body or a field is not what the route expects: HTTP 400. */
export class ValidationError extends GatewayError {
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super(message, 'validation_failed');
  }
}

/** The sender could not be verified (bad signature, bad token): HTTP 401/403. */
export class AuthenticationError extends GatewayError {
  constructor(
    message: string,
    readonly status: 401 | 403 = 403,
  ) {
    super(message, 'authentication_failed');
  }
}

/** A provider refused or failed a call. `retryable` says whether sending again can help. */
export class ChannelError extends GatewayError {
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown; code?: string; retryAfterMs?: number },
  ) {
    super(message, options?.code ?? 'channel_error', options);
    this.retryAfterMs = options?.retryAfterMs;
  }
  readonly retryAfterMs: number | undefined;
}

/** The provider asked us to slow down. */
export class RateLimitError extends ChannelError {
  constructor(message: string, retryAfterMs: number, options?: { cause?: unknown }) {
    super(message, true, { ...options, code: 'rate_limited', retryAfterMs });
  }
}

/** Configuration is missing or wrong; start-up stops with this message. */
export class ConfigError extends GatewayError {
  constructor(message: string) {
    super(message, 'invalid_configuration');
  }
}

/** The gateway cannot start; the message names the cause and the fix in one line. */
export class StartupError extends GatewayError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'startup_failed', options);
  }
}

/** The gateway is starting or stopping and takes no new messages: HTTP 503, the provider retries. */
export class UnavailableError extends GatewayError {
  constructor(message: string) {
    super(message, 'unavailable');
  }
}

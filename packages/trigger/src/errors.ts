import { DifyPluginError } from "@x/core";
import { brandError } from "@x/core/internal";

/** Options of the trigger errors: the underlying cause. */
type ErrorOptions = { cause?: unknown };

/**
 * The daemon asked for a trigger provider or event this plugin does not have. The message follows the Python
 * SDK's wording (`Provider \`x\` not found`, `Event \`y\` not found for provider \`x\``).
 */
export class TriggerNotFoundError extends DifyPluginError {
  /** The provider asked for. */
  readonly provider: string;
  /** The event asked for; undefined when the provider itself is missing. */
  readonly event: string | undefined;

  constructor(provider: string, event?: string) {
    super(
      "DIFY_ERR_TRIGGER_NOT_FOUND",
      event === undefined
        ? `Provider \`${provider}\` not found`
        : `Event \`${event}\` not found for provider \`${provider}\``,
    );
    this.provider = provider;
    this.event = event;
  }
}

brandError(TriggerNotFoundError, "TriggerNotFoundError");

/**
 * Thrown by `dispatch` to refuse a webhook call: the caller gets an HTTP response with `status` and the message
 * as a plain-text body, and no event fires. (Any other error fails the `dispatch_trigger_event` session instead.)
 */
export class WebhookRejectedError extends DifyPluginError {
  /** The HTTP status answered to the webhook caller (400-599). */
  readonly status: number;

  constructor(status: number, message: string, options?: ErrorOptions) {
    super("DIFY_ERR_WEBHOOK_REJECTED", message, options);
    this.status = Number.isInteger(status) && status >= 400 && status <= 599 ? status : 400;
  }
}

brandError(WebhookRejectedError, "WebhookRejectedError");

/**
 * A webhook's signature is missing or does not match the body (`assertWebhookSignature`). Thrown from
 * `dispatch`, it answers the caller `401` with the message, and no event fires. The message never contains the
 * secret or the expected signature.
 */
export class WebhookSignatureError extends DifyPluginError {
  /** Why the signature was refused: `missing`, `malformed` or `mismatch`. */
  readonly reason: "missing" | "malformed" | "mismatch";

  constructor(reason: "missing" | "malformed" | "mismatch", header = "the signature header") {
    super(
      "DIFY_ERR_WEBHOOK_SIGNATURE",
      reason === "missing"
        ? `webhook signature missing: the request has no ${header}`
        : reason === "malformed"
          ? `webhook signature malformed: ${header} is not a signature of the expected form`
          : `webhook signature mismatch: ${header} does not match the body signed with the subscription's secret`,
    );
    this.reason = reason;
  }
}

brandError(WebhookSignatureError, "WebhookSignatureError");

/**
 * Thrown by an event's `invoke` to drop this webhook for this workflow (its parameters filter it out): the reply
 * is `{ variables: {}, cancelled: true }`, as the Python SDK answers its `EventIgnoreError`.
 */
export class EventIgnoredError extends DifyPluginError {
  constructor(reason = "the event does not match the trigger's parameters") {
    super("DIFY_ERR_EVENT_IGNORED", reason);
  }
}

brandError(EventIgnoredError, "EventIgnoredError");

/** Thrown by `validateCredentials` (or `subscribe`) to reject the credentials a user entered; say what to fix. */
export class TriggerCredentialsError extends DifyPluginError {
  constructor(message: string, options?: ErrorOptions) {
    super("DIFY_ERR_TRIGGER_CREDENTIALS", message, options);
  }
}

brandError(TriggerCredentialsError, "TriggerCredentialsError");

/**
 * A subscription could not be created, refreshed or removed: the provider has no subscription constructor, or
 * the external service refused (throw it from `subscribe` / `refresh` with the service's reason).
 */
export class TriggerSubscriptionError extends DifyPluginError {
  constructor(message: string, options?: ErrorOptions) {
    super("DIFY_ERR_TRIGGER_SUBSCRIPTION", message, options);
  }
}

brandError(TriggerSubscriptionError, "TriggerSubscriptionError");

/** An event's `invoke` returned variables that do not fit its `outputs` schema; the message names the field. */
export class TriggerOutputError extends DifyPluginError {
  /** The event's name. */
  readonly event: string;

  constructor(event: string, problem: string) {
    super(
      "DIFY_ERR_TRIGGER_OUTPUT",
      `event \`${event}\` returned variables that do not fit its outputs: ${problem}`,
    );
    this.event = event;
  }
}

brandError(TriggerOutputError, "TriggerOutputError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `TriggerNotFoundError`. */
    DIFY_ERR_TRIGGER_NOT_FOUND: true;
    /** Code of `WebhookRejectedError`. */
    DIFY_ERR_WEBHOOK_REJECTED: true;
    /** Code of `WebhookSignatureError`. */
    DIFY_ERR_WEBHOOK_SIGNATURE: true;
    /** Code of `EventIgnoredError`. */
    DIFY_ERR_EVENT_IGNORED: true;
    /** Code of `TriggerCredentialsError`. */
    DIFY_ERR_TRIGGER_CREDENTIALS: true;
    /** Code of `TriggerSubscriptionError`. */
    DIFY_ERR_TRIGGER_SUBSCRIPTION: true;
    /** Code of `TriggerOutputError`. */
    DIFY_ERR_TRIGGER_OUTPUT: true;
  }
}

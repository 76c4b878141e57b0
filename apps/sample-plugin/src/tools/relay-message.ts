import { messages, type OutgoingToolMessage, type ToolResultMessage } from "@x/tool";

/** The relayed tool sent a message type this SDK does not know, so it cannot be re-emitted faithfully. */
export class UnrelayableMessageError extends Error {
  /** This plugin's code for the error. */
  readonly code = "SUPPORT_TRIAGE_UNRELAYABLE_MESSAGE";
  /** The message's `type` as received. */
  readonly messageType: string;

  constructor(messageType: string) {
    super(
      `the relayed tool sent a message of unknown type ${JSON.stringify(messageType)}, which cannot be re-emitted`,
    );
    this.name = "UnrelayableMessageError";
    this.messageType = messageType;
  }
}

/**
 * The message to emit for one message of a called tool: same type, same payload, same meta. A blob (whole, or
 * reassembled from chunks by `@x/tool`) is emitted as a blob, which the SDK sends as chunks again.
 */
export function relayMessage(message: ToolResultMessage): OutgoingToolMessage {
  switch (message.type) {
    case "blob":
      return messages.blob(message.message.blob, message.meta);
    case "unknown":
      throw new UnrelayableMessageError(message.raw.type);
    case "binary_link":
    case "file":
      // Free-form payloads on the receiving side; passed through exactly as they came.
      return { type: message.type, message: message.message, meta: message.meta } as OutgoingToolMessage;
    default:
      return message as OutgoingToolMessage;
  }
}

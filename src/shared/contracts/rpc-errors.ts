/** Codes an RPC call can fail with; `message` always says what and where. */
export type RpcErrorCode = 'unknown_method' | 'invalid_input' | 'invalid_output' | 'handler_failed' | 'unavailable' | 'timeout';

export interface RpcErrorBody {
  code: RpcErrorCode;
  message: string;
}

export class RpcError extends Error {
  readonly code: RpcErrorCode;
  constructor(code: RpcErrorCode, message: string) {
    super(message);
    this.name = 'RpcError';
    this.code = code;
  }
}

/** Turns zod issues into one line per problem: `field.path: message`. */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : '(root)'}: ${i.message}`).join('; ');
}

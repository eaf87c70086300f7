/** Exit statuses shared by every command (kubectl diff / istioctl analyze conventions). */
export const EXIT = {
  /** trace: allowed; validate/explain: nothing rejected. */
  ok: 0,
  /** trace: denied; test: an expectation failed; diff: newly allowed with --fail-on-new-allow. */
  denied: 1,
  /** Bad input: unreadable file, malformed YAML, an object the real system would reject, bad flags. */
  badInput: 2,
  /** The simulator does not model what this request meets; it will not guess. */
  unsupported: 3,
  /** A bug in kubectl-egress: BSD sysexits.h EX_SOFTWARE ("an internal software error"), so CI never reads a crash as a verdict. */
  internal: 70,
} as const

/** An input problem reported as one line (or several, one per problem) with exit status 2. */
export class InputError extends Error {
  constructor(
    readonly lines: string[],
    readonly status: number = EXIT.badInput,
  ) {
    super(lines.join('\n'))
  }
}

/** `trace`'s exit status for its verdict (shared/conformance/README.md: 0 allowed, 1 denied; 3 not modelled). */
export function traceExitStatus(verdict: 'allow' | 'deny' | 'unsupported'): number {
  return verdict === 'allow' ? EXIT.ok : verdict === 'deny' ? EXIT.denied : EXIT.unsupported
}

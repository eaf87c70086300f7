import type * as Re2js from 're2js'

/**
 * RE2, as Envoy evaluates safe_regex (envoy source/common/common/regex.cc CompiledGoogleReMatcher: RE2 with
 * RE2::Quiet options, `RE2::FullMatch`) and as istiod's webhook checks regexes (Go `regexp.Compile`,
 * istio pkg/config/validation/validation.go validateStringRegexp).
 *
 * The engine is re2js (npm), a JavaScript port of Go's regexp, whose parser is itself a port of RE2's: it
 * accepts what Go accepts, with Go's error codes, and matches in linear time. Known differences from the
 * C++ RE2 inside Envoy: C++ also accepts `\C` (any byte), which re2js refuses; Unicode tables follow each
 * library's Unicode version.
 *
 * Why the engine is provided rather than imported: `sim/` is pure and synchronous, and loading re2js costs
 * ~25 ms that a trace without regexes should not pay. The command layer registers a loader
 * (src/regex/provide-re2.ts, a synchronous require) that runs the first time a regex needs the engine.
 * Regexes that are literal text, literal alternatives or literal text then `.*` (OSM's own `.*` and method
 * names, many pathRegex values) are decided here without it, exactly as RE2's syntax defines them.
 */
export type Re2Module = typeof Re2js
type Compiled = Re2js.RE2JS

let loader: (() => Re2Module) | undefined
let engine: Re2Module | undefined
const compiled = new Map<string, Compiled | Re2SyntaxError>()

/** Registers how to load the engine; nothing loads until a regex needs it. */
export function provideRe2(load: () => Re2Module): void {
  loader = load
  engine = undefined
  compiled.clear()
}

function re2(): Re2Module {
  if (!engine) {
    if (!loader) throw new Error('kubectl-egress bug: no RE2 engine provided (call provideRe2 at start-up)')
    engine = loader()
  }
  return engine
}

/** A syntax error as Go's regexp/syntax reports it: the error code's text and the offending fragment. */
export interface Re2SyntaxError {
  code: string
  fragment: string
}

// Outside a character class, RE2's syntax gives these characters a meaning; every other one is literal
// (github.com/google/re2/wiki/Syntax). Surrogates are left to the engine (they are not valid UTF-8 alone).
const LITERALS = /^[^\\.+*?()|[\]{}^$\uD800-\uDFFF]*(?:\|[^\\.+*?()|[\]{}^$\uD800-\uDFFF]*)*$/
const LITERAL_THEN_ANY = /^([^\\.+*?()|[\]{}^$\uD800-\uDFFF]*)\.\*$/

/**
 * Full match of the shapes that need no engine: literal alternatives ("GET", "GET|HEAD") and a literal
 * followed by ".*" (where "." is any character but "\n", the s flag being off). Null for any other regex.
 */
function simpleFullMatch(source: string, value: string): boolean | null {
  if (LITERALS.test(source)) return source.split('|').includes(value)
  const m = LITERAL_THEN_ANY.exec(source)
  if (!m) return null
  return value.startsWith(m[1]) && !value.slice(m[1].length).includes('\n')
}

function isSimple(source: string): boolean {
  return LITERALS.test(source) || LITERAL_THEN_ANY.test(source)
}

/**
 * An upper bound on C++ RE2's program size (RE2::ProgramSize, which Envoy compares with
 * re2.max_program_size.error_level) for the shapes decided without the engine: their UTF-8 length plus
 * 12. Measured with RE2's own ProgramSize (RE2 as vendored by the npm re2 1.27.1 addon): a literal of n
 * bytes compiles to n+4 instructions, a literal then ".*" to n+12, literal alternatives to at most their
 * bytes + 4. Null for every other regex: its program size is not computed (a Unicode class alone, \pL,
 * is 1,200).
 */
export function re2ProgramSizeBound(source: string): number | null {
  return isSimple(source) ? new TextEncoder().encode(source).length + 12 : null
}

function compileRe2(source: string): Compiled | Re2SyntaxError {
  let c = compiled.get(source)
  if (!c) {
    const {RE2JS, RE2JSSyntaxException} = re2()
    try {
      c = RE2JS.compile(source)
    } catch (e) {
      if (!(e instanceof RE2JSSyntaxException)) throw e
      c = {code: e.error ?? e.message, fragment: e.input ?? ''}
    }
    compiled.set(source, c)
  }
  return c
}

function isError(c: Compiled | Re2SyntaxError): c is Re2SyntaxError {
  return 'code' in c
}

/** The syntax error RE2 reports for `source`, or null when RE2 accepts it. */
export function re2SyntaxError(source: string): Re2SyntaxError | null {
  if (isSimple(source)) return null
  const c = compileRe2(source)
  return isError(c) ? c : null
}

/** RE2::FullMatch: the whole value must match. An invalid regex matches nothing. */
export function re2FullMatch(source: string, value: string): boolean {
  const simple = simpleFullMatch(source, value)
  if (simple !== null) return simple
  const c = compileRe2(source)
  return !isError(c) && c.testExact(value)
}

/** The engine's compiled program for a valid regex (for building witnesses), or null. */
export function re2Compiled(source: string): Compiled | null {
  const c = compileRe2(source)
  return isError(c) ? null : c
}

/** A regex (RE2 syntax) that matches exactly `text`. */
export function re2Quote(text: string): string {
  return re2().RE2JS.quote(text)
}

/**
 * Go's `(*regexp/syntax.Error).Error()`: "error parsing regexp: CODE: `FRAGMENT`" — what istiod's webhook
 * wraps into its message.
 */
export function goRegexpMessage(e: Re2SyntaxError): string {
  return `error parsing regexp: ${e.code}: \`${e.fragment}\``
}

/**
 * The same error as C++ RE2 words it (re2/regexp.cc kErrorStrings, RegexpStatus::Text: "CODE: FRAGMENT"),
 * which is what Envoy puts in its NACK. Go's parser is a port of RE2's, so each Go code has one C++ text;
 * the two codes Go has alone (nesting depth, size) keep Go's words.
 */
export function envoyRe2Message(e: Re2SyntaxError): string {
  const code = CPP_CODE_TEXT[e.code] ?? e.code
  return e.fragment ? `${code}: ${e.fragment}` : code
}

// Go regexp/syntax ErrorCode text → C++ RE2 kErrorStrings text.
const CPP_CODE_TEXT: Record<string, string> = {
  'invalid character class': 'invalid character class',
  'invalid character class range': 'invalid character class range',
  'invalid escape sequence': 'invalid escape sequence',
  'invalid named capture': 'invalid named capture group',
  'invalid or unsupported Perl syntax': 'invalid perl operator',
  'invalid nested repetition operator': 'bad repetition operator',
  'invalid repeat count': 'invalid repetition size',
  'invalid UTF-8': 'invalid UTF-8',
  'missing closing ]': 'missing ]',
  'missing closing )': 'missing )',
  'missing argument to repetition operator': 'no argument for repetition operator',
  'trailing backslash at end of expression': 'trailing \\',
  'unexpected )': 'unexpected )',
}

import type {Assumption, RouteConfig} from './types.js'

/**
 * osm-edge's sidecar is Pipy, not Envoy. Its route scripts test path and header regexes with
 * `new RegExp(p).test(s)` (osm-edge v1.3 pkg/sidecar/providers/pipy/repo/codebase/modules/
 * outbound-http-routing.js makeServiceHandler), and PipyJS's RegExp is C++ `std::regex` built with
 * `std::regex::ECMAScript | std::regex::optimize`, whose `test` is `std::regex_search` over the UTF-8 bytes
 * (pipy 0.90.3-38 src/pjs/types.cpp RegExp::RegExp, RegExp::test, chars_to_flags; osm-edge v1.3
 * charts/osm/values.yaml sidecarImage flomesh/pipy:0.90.3-38). So a match anywhere in the value counts.
 *
 * The simulator evaluates these with JavaScript's RegExp, which reads the same ECMAScript grammar; where
 * the two read a pattern differently, `pipyRegexDifference` names the construct so the trace states it.
 * Both engines backtrack: nested quantifiers are as slow here as they are in Pipy.
 */
export function pipySearch(source: string, value: string): boolean {
  return jsRegex(source)?.test(value) ?? false
}

const DIFFERENCES: Array<[RegExp, string]> = [
  // C++ [re.grammar]: std::regex's ECMAScript grammar adds [:class:], [.coll.] and [=equiv=] inside brackets.
  [/\[(?:[^\]\\]|\\.)*\[[:.=]/, 'a bracket expression such as [[:alpha:]], which std::regex reads as a POSIX class and JavaScript as literal characters'],
  // ECMAScript 2018 syntax that std::regex (ECMAScript 3 grammar) does not have.
  [/\(\?<[=!]/, 'a lookbehind, which std::regex does not support'],
  [/\(\?<[A-Za-z_$]|\\k</, 'a named group, which std::regex does not support'],
  // std::regex_search works on the UTF-8 bytes, JavaScript on UTF-16 code units.
  [/[^\x00-\x7f]/, 'a non-ASCII character, which std::regex matches byte by byte'],
]

/** The construct in `source` that Pipy's std::regex and JavaScript read differently, or null. */
export function pipyRegexDifference(source: string): string | null {
  if (!jsRegex(source)) return 'a pattern JavaScript cannot compile (what Pipy does with it is not modelled)'
  return DIFFERENCES.find(([pattern]) => pattern.test(source))?.[1] ?? null
}

const compiled = new Map<string, RegExp | null>()

function jsRegex(source: string): RegExp | null {
  if (!compiled.has(source)) {
    try {
      compiled.set(source, new RegExp(source))
    } catch {
      compiled.set(source, null)
    }
  }
  return compiled.get(source)!
}

/** One stated assumption per Pipy route regex that std::regex and JavaScript may read differently. */
export function pipyRegexAssumptions(configs: readonly RouteConfig[]): Assumption[] {
  const regexes = new Set<string>()
  for (const vh of configs.flatMap((c) => c.virtualHosts))
    for (const r of vh.routes) for (const m of [r.match.path, ...r.match.headers.map((h) => h.match)]) if (m?.kind === 'regex' && m.mode === 'search') regexes.add(m.value)
  return [...regexes].flatMap((re) => {
    const difference = pipyRegexDifference(re)
    return difference
      ? [{code: 'PIPY_REGEX_DIALECT', says: `Pipy's std::regex may read /${re}/ differently from JavaScript: it has ${difference}; evaluated as JavaScript reads it`}]
      : []
  })
}

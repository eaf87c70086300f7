import {createRequire} from 'node:module'
import {provideRe2, type Re2Module} from '../../sim/rules/re2.js'

/**
 * Lets `sim/` evaluate RE2 regexes with re2js, loaded on first use. The load is a synchronous require of
 * re2js's CommonJS build because validation, compilation and tracing are synchronous; a run whose regexes
 * are all literal text (or literal text then `.*`) never loads it.
 */
export function provideRe2Engine(): void {
  const require = createRequire(import.meta.url)
  provideRe2(() => require('re2js') as Re2Module)
}

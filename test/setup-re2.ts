// Tests call sim/ and src/validate directly, as the commands do after their start-up: give them the engine.
import {provideRe2Engine} from '../src/regex/provide-re2.js'

provideRe2Engine()

// Loaded with --require: makes any require of re2js fail, to prove a run never loads the regex engine.
const Module = require('node:module')

const load = Module._load
Module._load = function (request, ...rest) {
  if (request === 're2js') throw new Error('re2js was loaded')
  return load.call(this, request, ...rest)
}

// Loaded with --require: any module that a module of @oclif/core requires fails, to prove that a run loaded none
// of oclif's own files (the help bundle holds the parts of oclif help needs, scripts/bundle.js).
const Module = require('node:module')
const {sep} = require('node:path')

const core = `${sep}${['node_modules', '@oclif', 'core', ''].join(sep)}`
const load = Module._load
Module._load = function (request, parent, ...rest) {
  if (parent?.filename?.includes(core)) throw new Error('@oclif/core was loaded')
  return load.call(this, request, parent, ...rest)
}

// Loaded with --require: any module that oclif's index (@oclif/core/lib/index.js) loads fails, to prove that a
// run never went through it.
const Module = require('node:module')
const {sep} = require('node:path')

const index = ['@oclif', 'core', 'lib', 'index.js'].join(sep)
const load = Module._load
Module._load = function (request, parent, ...rest) {
  if (parent?.filename?.endsWith(index)) throw new Error("oclif's index was loaded")
  return load.call(this, request, parent, ...rest)
}

// Loaded with --import: makes any import of @kubernetes/client-node fail, to prove a command never loads it.
import {register} from 'node:module'

const hook = `export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@kubernetes/client-node')) throw new Error('@kubernetes/client-node was loaded')
  return next(specifier, context)
}`
register('data:text/javascript,' + encodeURIComponent(hook))

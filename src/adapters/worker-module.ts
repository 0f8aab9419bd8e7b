// Where a worker thread loads a package from. Workers here are started from source text (`eval: true`) and
// `require` their package by absolute path with Node's own loader. In a packaged app that path lies inside
// `app.asar`, which only Electron's patched fs can read; the packaging (electron-builder.yml `asarUnpack`) keeps
// a copy of those packages as plain files beside it in `app.asar.unpacked`, and the worker loads that copy, so
// it never depends on asar support in worker threads.

import { createRequire } from 'node:module'

const INSIDE_ASAR = /([\\/])app\.asar([\\/])/

/** A path inside `app.asar` as the same path in its unpacked copy; any other path unchanged. */
export function outsideAsar(path: string): string {
  return path.replace(INSIDE_ASAR, '$1app.asar.unpacked$2')
}

/** The file a worker thread `require`s for `specifier`, resolved from the module at `fromUrl`. */
export function workerModulePath(specifier: string, fromUrl: string): string {
  return outsideAsar(createRequire(fromUrl).resolve(specifier))
}

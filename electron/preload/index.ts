// Placeholder preload (emitted as CommonJS: sandboxed preloads cannot be ESM). The real bridge exposes
// `window.dj` over the channels of electron/ipc/channels.ts; until then it exposes nothing.
export {}

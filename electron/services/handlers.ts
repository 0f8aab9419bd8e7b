// The shape every channel's service implements. Areas export `satisfies Partial<Handlers>` objects;
// app-services.ts merges them `satisfies Handlers`, so a channel without a handler does not compile.

import type { Channel, EventName, EventPayload, Output, ParsedInput } from '../ipc/contract'

/** Who is calling: the Electron window (webContents id) or a browser-mode socket. */
export interface CallContext {
  readonly clientId: string
}

export type Handler<C extends Channel> = (input: ParsedInput<C>, ctx: CallContext) => Promise<Output<C>>

export type Handlers = { [C in Channel]: Handler<C> }

/** Sends an event to every renderer (Electron windows, browser-mode sockets). */
export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void

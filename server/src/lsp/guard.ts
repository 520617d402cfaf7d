// Every handler goes through here: requests before `initialize` or after
// `shutdown` are refused as the specification says, cancelled requests are
// answered with RequestCancelled, and a handler that throws is logged and
// answered with an empty result instead of taking the server down.

import { CancellationToken, ErrorCodes, LSPErrorCodes, ResponseError, type Connection, type ProtocolRequestType } from 'vscode-languageserver/node';
import { CancelledError } from '../core/analysis';
import type { ServerContext } from './context';

export class RequestCancelled extends Error {
  constructor() {
    super('request cancelled');
  }
}

/** Throws when the client cancelled the request (handlers call it between steps). */
export function checkCancelled(token: CancellationToken | undefined): void {
  if (token?.isCancellationRequested) throw new RequestCancelled();
}

/** `run` with an AbortSignal that the request's cancellation aborts (for work off the server's thread). */
export async function withAbortSignal<T>(token: CancellationToken, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const stop = new AbortController();
  const listening = token.onCancellationRequested(() => stop.abort());
  try {
    return await run(stop.signal);
  } finally {
    listening.dispose();
  }
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

export function request<P, R>(
  ctx: ServerContext,
  method: string,
  empty: () => R,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
): (params: P, token: CancellationToken) => Promise<R | ResponseError<never>> {
  return async (params, token) => {
    if (!ctx.initialized) return new ResponseError<never>(ErrorCodes.ServerNotInitialized, 'the server is not initialized yet');
    if (ctx.shutdownRequested) return new ResponseError<never>(ErrorCodes.InvalidRequest, 'the server is shutting down');
    const cancelled = () => new ResponseError<never>(LSPErrorCodes.RequestCancelled, 'request cancelled');
    // Give a `$/cancelRequest` that follows the request right behind a chance to arrive.
    await nextTick();
    if (token?.isCancellationRequested) return cancelled();
    try {
      const result = await handler(params ?? ({} as P), token ?? CancellationToken.None);
      if (token?.isCancellationRequested) return cancelled();
      return result;
    } catch (error) {
      if (error instanceof RequestCancelled || error instanceof CancelledError) return cancelled();
      ctx.logError(`${method} failed`, error);
      return empty();
    }
  };
}

export function notification<P>(ctx: ServerContext, method: string, handler: (params: P) => void | Promise<void>): (params: P) => void {
  return (params) => {
    if (ctx.shutdownRequested && method !== 'exit') return;
    try {
      const result = handler(params ?? ({} as P));
      if (result instanceof Promise) result.catch((error) => ctx.logError(`${method} failed`, error));
    } catch (error) {
      ctx.logError(`${method} failed`, error);
    }
  };
}

/** A promise that gives up (resolving undefined) after `ms`: a client that never answers must not stall us. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise<T | undefined>((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(
      (v) => { clearTimeout(timer); resolve(v); },
      (e) => { clearTimeout(timer); reject(e); },
    );
  });
}

/**
 * Register a guarded request handler at the protocol level. (The typed
 * helpers of vscode-languageserver, e.g. `connection.onHover`, read
 * `params.workDoneToken` before our handler runs, so `null` params would
 * fail outside the guard.)
 */
export function onRequest<P, R, PR, E, RO>(
  ctx: ServerContext,
  connection: Connection,
  type: ProtocolRequestType<P, R, PR, E, RO>,
  empty: () => R,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
): void {
  const guarded = request(ctx, type.method, empty, handler);
  // Registered by method name: jsonrpc then hands over whatever the params are (even an array, spread).
  connection.onRequest(type.method, (...args: unknown[]) => {
    const last = args[args.length - 1];
    const token = CancellationToken.is(last) ? last : CancellationToken.None;
    const params = (CancellationToken.is(last) ? args.length > 1 : args.length > 0) ? args[0] : undefined;
    const routed = ctx.routes.handlerFor(type.method, params);
    if (routed) return request(ctx, type.method, empty, routed as (params: P, token: CancellationToken) => R | Promise<R>)(params as P, token);
    return guarded(params as P, token);
  });
}

// The request features beyond diagnostics and code actions, one file each.

import type { Connection, ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerContext } from './context';
import { commandsFeature } from './commands';
import { completionFeature } from './completion';
import { hoverFeature } from './hover';
import { navigationFeature } from './navigation';
import { symbolsFeature } from './symbols';
import { foldingFeature } from './folding';
import { linksFeature } from './links';
import { inlayHintsFeature } from './inlay-hints';

export interface Feature {
  capabilities(ctx: ServerContext): Partial<ServerCapabilities>;
  register(ctx: ServerContext, connection: Connection): void;
}

export const FEATURES: Feature[] = [
  completionFeature, hoverFeature, navigationFeature, symbolsFeature, foldingFeature, linksFeature, inlayHintsFeature, commandsFeature,
];

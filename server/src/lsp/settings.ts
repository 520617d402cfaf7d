// `strap.*` settings: read through `workspace/configuration` when the client
// offers it, otherwise taken from `workspace/didChangeConfiguration` (Neovim
// 0.7 sends them only that way). Every change re-analyses. Read through
// `workspace/configuration`, they are read per workspace folder too
// (`scopeUri`): `severity`, `files` and `projectRoot` may differ per folder;
// `inlayHints`, `debounceMs` and `cycleErrorsPerCluster` are the global ones.

import { DidChangeConfigurationNotification, type Connection } from 'vscode-languageserver/node';
import type { Severity } from '../core/types';
import type { ServerContext } from './context';
import { notification, withTimeout } from './guard';

export interface StrapSettings {
  /** Severity per diagnostic code; 'off' drops the code. */
  severity: Record<string, Severity | 'off'>;
  /** Globs of bootstrap files; empty: the default names. */
  files: string[];
  inlayHints: { enable: boolean };
  /** Delay between the last edit and the analysis. */
  debounceMs: number;
  /**
   * Of a cycle cluster too big for an error per cycle, how many of the packages
   * the solver marks get build-cycle errors (0: all). Like a compiler's cap on
   * problems per file: a person acts on the first ones, the cluster's error
   * counts the rest, and each edit stays fast.
   */
  cycleErrorsPerCluster: number;
  /** The folder `@/` stands for (absolute, or relative to the first workspace folder). */
  projectRoot?: string;
  /** `strap.debian.archive`: the archive debian/control files are placed in (see lsp/debian-control). */
  debian?: { archive?: string };
}

export const DEFAULT_SETTINGS: StrapSettings = {
  severity: {},
  files: [],
  inlayHints: { enable: true },
  debounceMs: 150,
  cycleErrorsPerCluster: 100,
};

const LEVELS: Record<string, Severity | 'off'> = {
  error: 'error', warning: 'warning', warn: 'warning', information: 'information', info: 'information',
  hint: 'hint', off: 'off', none: 'off', ignore: 'off', '1': 'error', '2': 'warning', '3': 'information', '4': 'hint',
};

/**
 * Settings from whatever the client sent: `{ strap: {...} }`, the `strap`
 * section itself, or flat dotted keys (`"strap.severity": {...}`). Anything
 * malformed falls back to the default, key by key.
 */
export function parseSettings(raw: unknown): StrapSettings {
  let section: Record<string, unknown> = {};
  if (isObject(raw)) {
    section = isObject(raw.strap) ? raw.strap : raw;
  }
  const get = (key: string): unknown => {
    if (key in section) return section[key];
    if (`strap.${key}` in section) return section[`strap.${key}`];
    return undefined;
  };
  const out: StrapSettings = { ...DEFAULT_SETTINGS, severity: {}, inlayHints: { ...DEFAULT_SETTINGS.inlayHints } };
  const severity = get('severity');
  if (isObject(severity)) {
    for (const [code, level] of Object.entries(severity)) {
      const mapped = LEVELS[String(level).toLowerCase()];
      if (mapped) out.severity[code] = mapped;
    }
  }
  const files = get('files');
  if (typeof files === 'string' && files.trim()) out.files = [files];
  else if (Array.isArray(files)) out.files = files.filter((f): f is string => typeof f === 'string' && f.trim() !== '');
  const hints = get('inlayHints');
  const hintsEnable = isObject(hints) ? hints.enable : get('inlayHints.enable');
  if (typeof hintsEnable === 'boolean') out.inlayHints.enable = hintsEnable;
  const debounce = get('debounceMs');
  if (typeof debounce === 'number' && Number.isFinite(debounce) && debounce >= 0) out.debounceMs = Math.min(debounce, 10_000);
  const perCluster = get('cycleErrorsPerCluster');
  if (typeof perCluster === 'number' && Number.isInteger(perCluster) && perCluster >= 0) out.cycleErrorsPerCluster = perCluster;
  const projectRoot = get('projectRoot');
  if (typeof projectRoot === 'string' && projectRoot.trim()) out.projectRoot = projectRoot;
  const debian = get('debian');
  const archive = isObject(debian) ? debian.archive : get('debian.archive');
  if (typeof archive === 'string' && archive.trim()) out.debian = { archive: archive.trim() };
  return out;
}

const KEYS = ['severity', 'files', 'inlayHints', 'debounceMs', 'cycleErrorsPerCluster', 'projectRoot', 'debian'];

/**
 * Whether pushed settings say anything about strap. Clients send their whole
 * settings object (Neovim: `{}` when none are configured); that must not
 * reset settings given as initializationOptions.
 */
export function hasStrapSettings(raw: unknown): boolean {
  if (!isObject(raw)) return false;
  return 'strap' in raw || Object.keys(raw).some((k) => k.startsWith('strap.') || KEYS.includes(k));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function sameSettings(a: StrapSettings, b: StrapSettings): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The global settings, and those of each workspace folder the client answered for (normalised folder URI -> settings). */
export interface PulledSettings {
  global: StrapSettings;
  folders: Map<string, StrapSettings>;
}

/**
 * Pull the settings from the client, when it supports `workspace/configuration`:
 * the unscoped section and the section of each workspace folder, in one request.
 * A folder the client answers with nothing (`null`) takes the global settings.
 */
export async function pullSettings(ctx: ServerContext): Promise<PulledSettings | undefined> {
  if (!ctx.client.configuration) return undefined;
  const folders = [...ctx.folders];
  const items = [
    { section: 'strap' },
    ...folders.map((folder) => ({ scopeUri: ctx.documents.clientUri(folder), section: 'strap' })),
  ];
  try {
    const answers = (await withTimeout(ctx.connection.workspace.getConfiguration(items), 3000)) ?? [];
    const section = Array.isArray(answers) ? answers : [];
    const global = parseSettings(isObject(section[0]) ? { strap: section[0] } : {});
    const perFolder = new Map<string, StrapSettings>();
    folders.forEach((folder, i) => {
      const answer = section[i + 1];
      if (isObject(answer)) perFolder.set(folder, parseSettings({ strap: answer }));
    });
    return { global, folders: perFolder };
  } catch (error) {
    ctx.log(`could not read the settings: ${(error as Error)?.message ?? error}`);
    return undefined;
  }
}

export function registerSettings(ctx: ServerContext, connection: Connection): void {
  connection.onDidChangeConfiguration(notification(ctx, 'workspace/didChangeConfiguration', async (params) => {
    const pulled = ctx.client.configuration ? await pullSettings(ctx) : undefined;
    if (pulled) {
      ctx.applySettings(pulled.global, pulled.folders);
      return;
    }
    // Clients without workspace/configuration push the settings with the
    // notification: global ones, the same for every folder.
    const pushed = (params as { settings?: unknown } | undefined)?.settings;
    if (hasStrapSettings(pushed)) ctx.applySettings(parseSettings(pushed));
  }));
}

/** After `initialized`: ask for change notifications where the client needs a registration. */
export async function registerSettingsDynamically(ctx: ServerContext): Promise<void> {
  if (!ctx.client.didChangeConfigurationDynamic) return;
  try {
    await withTimeout(ctx.connection.client.register(DidChangeConfigurationNotification.type, { section: 'strap' }), 3000);
  } catch (error) {
    ctx.log(`could not register for configuration changes: ${(error as Error)?.message ?? error}`);
  }
}

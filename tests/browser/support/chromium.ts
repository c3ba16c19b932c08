/** Where Debian's Chromium is (CHROMIUM_PATH overrides), and the flags it needs on this closed network. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/**
 * Without these Chromium tries the network (component updates, sync, QUIC probes) and hangs on connections
 * that never answer; a fresh user-data-dir is passed by launchPersistentContext.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

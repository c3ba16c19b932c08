/**
 * `npm test`'s pretest step:
 * 1. the browser: the browser tests drive Debian's Chromium (/usr/bin/chromium, or CHROMIUM_PATH) with
 *    playwright-core, which never downloads a browser. When it is missing it is installed here with apt-get
 *    (root, or sudo without a password); when that fails the run fails — browser tests are never skipped;
 * 2. the web app's GraphQL types, regenerated from schema/schema.graphql (gql.tada), so that `tsc -p web`
 *    fails on a schema change that breaks a screen;
 * 3. a fresh build of the web app (web/dist), which the browser tests load from the real server.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumPath } from '../tests/browser/support/chromium.js';

function run(cmd: string, args: string[]) {
  execFileSync(cmd, args, { stdio: 'inherit' });
}

const browser = chromiumPath();
if (!existsSync(browser)) {
  if (process.env.CHROMIUM_PATH) {
    console.error(`CHROMIUM_PATH=${browser} does not exist`);
    process.exit(1);
  }
  console.log('Debian chromium is not installed: installing it with apt-get (the browser tests need it)...');
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  try {
    const [cmd, ...pre] = sudo.length ? sudo : ['apt-get'];
    const apt = sudo.length ? ['apt-get'] : [];
    run(cmd!, [...pre, ...apt, 'update']);
    run(cmd!, [...pre, ...apt, 'install', '-y', '--no-install-recommends', 'chromium']);
  } catch {
    console.error(
      'Could not install chromium with apt-get. Install Debian\'s "chromium" package (or set CHROMIUM_PATH) and run npm test again.',
    );
    process.exit(1);
  }
  if (!existsSync(browser)) {
    console.error(`apt-get installed chromium but ${browser} is still missing`);
    process.exit(1);
  }
}

run('npx', ['gql.tada', 'generate', 'output', '--tsconfig', 'web/tsconfig.json']);
run('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']);

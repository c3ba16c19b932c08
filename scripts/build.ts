/**
 * `npm run build`: the production build (docs/deploy.md). Compiles the server, schema, database code and scripts
 * with tsc into dist/ (run with `npm run start:prod`, plain Node, no TypeScript at run time), copies the committed
 * migrations beside the compiled database code (the migrator reads them from there), and builds the web app when
 * the repository has one (`npm run web:build`) and copies it where the compiled server looks for it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { command, say } from './lib/cli.js';
import { ROOT } from './lib/harness.js';

const { values } = command({
  name: 'build',
  usage: `
npm run build [-- --out DIR] [-- --no-web]

Compiles the server to DIR (default dist/) and builds the web app if there is one. Then \`npm run start:prod\`.
Exit 0: built; 1: the compiler or the web build failed.`,
  options: { out: { type: 'string', default: 'dist' }, 'no-web': { type: 'boolean', default: false } },
});

const out = resolve(ROOT, values.out!);
const started = Date.now();
rmSync(out, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
try {
  execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', out], {
    stdio: 'inherit',
    cwd: ROOT,
  });
} catch {
  throw new Error('the TypeScript compiler failed (its errors are above)');
}
cpSync(join(ROOT, 'db', 'migrations'), join(out, 'db', 'migrations'), { recursive: true });
say(`compiled the server to ${out} in ${Date.now() - started} ms`);

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
const webScript = ['web:build', 'build:web'].find((name) => pkg.scripts?.[name]);
if (!values['no-web'] && webScript && existsSync(join(ROOT, 'web'))) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  try {
    execFileSync(npm, ['run', '-s', webScript], { stdio: 'inherit', cwd: ROOT, shell: process.platform === 'win32' });
  } catch {
    throw new Error(`the web build (npm run ${webScript}) failed (its errors are above)`);
  }
  say('built the web app');
}
// The compiled server looks for the web app beside itself (server/web.ts: <server>/../web/dist).
if (existsSync(join(ROOT, 'web', 'dist'))) {
  cpSync(join(ROOT, 'web', 'dist'), join(out, 'web', 'dist'), { recursive: true });
  say(`copied the web app to ${join(out, 'web', 'dist')}`);
}

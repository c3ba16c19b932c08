/**
 * `npm run eudr:export -- --delivery CODE [--out FILE]`
 * Writes the EUDR due-diligence geolocation file of an export delivery on a
 * contract marked for the EU: a GeoJSON FeatureCollection with one Feature
 * per plot behind its coffee (docs/eudr.md). A delivery over the EU system's
 * limits is split into statements, written as FILE-1.geojson, FILE-2.geojson…
 * The HS code, net mass and producer counts go to stderr.
 */
import { writeFileSync } from 'node:fs';
import { openDatabase } from '../db/client.js';
import { loadConfig } from '../server/config.js';
import { DueDiligenceExportError, exportDueDiligence, statementFileNames } from '../server/exports/eudr-file.js';
import { command, fail, say } from './lib/cli.js';

const { values } = command({
  name: 'eudr:export',
  usage: `
npm run eudr:export -- --delivery CODE [--out FILE]

The EUDR due-diligence geolocation file of a delivery on a contract marked for the EU (docs/eudr.md).
  --delivery CODE  the delivery's code, e.g. HGT-2019-EUDR-01
  --out FILE       write the GeoJSON to FILE (split statements: FILE-1.geojson, FILE-2.geojson...);
                   else to stdout (one statement only; use \`npm run -s\` so that npm's banner stays out of it)
Exit 0: written; 1: the delivery holds coffee no longer compliant; 2: no such delivery, not for the EU, or a bad option.`,
  options: { delivery: { type: 'string' }, out: { type: 'string' } },
});
if (!values.delivery) fail('--delivery is required (see --help)');
const db = openDatabase(loadConfig().databasePath);
try {
  let file: ReturnType<typeof exportDueDiligence>;
  try {
    file = exportDueDiligence(db, values.delivery);
  } catch (e) {
    if (e instanceof DueDiligenceExportError) {
      process.stderr.write(`eudr:export: ${e.message}\n`);
      process.exit(e.exitCode);
    }
    throw e;
  }
  say(
    `delivery ${file.deliveryCode}: HS ${file.hsCode}, net mass ${file.netMassKg} kg, ${file.producerCount} producers, ${file.plotCount} plots, ${file.statements.length} statement(s)`,
  );
  if (values.out) {
    const names = statementFileNames(values.out, file.statements.length);
    file.statements.forEach((s, i) => {
      writeFileSync(names[i]!, s.geojson);
      say(
        `wrote ${names[i]} (statement ${s.number}: ${s.producerCount} producers, ${s.netMassKg} kg, ${s.bytes} bytes, sha256 ${s.sha256})`,
      );
    });
  } else if (file.statements.length > 1) {
    fail(`the file is split into ${file.statements.length} statements: give --out FILE`);
  } else process.stdout.write(file.statements[0]!.geojson);
} finally {
  db.$client.close();
}

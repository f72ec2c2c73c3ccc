import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';

const webDir = resolve(import.meta.dirname, '..');
const serverDir = resolve(webDir, '../server');
export const apiSchemaPath = join(webDir, 'src/api/schema.d.ts');

const HEADER = `/**
 * Generated from the server's OpenAPI document by \`npm run api:generate -w @whatpro/web\`.
 * Do not edit: change the route schemas on the server and regenerate.
 */

`;

/** The server builds its app without listening and prints the document; nothing is started or kept. */
async function serverOpenApiDocument(): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/openapi-cli.ts'], {
    cwd: serverDir,
    maxBuffer: 32 * 1024 * 1024,
  });
  return stdout;
}

/** The text `src/api/schema.d.ts` must hold for the server's current routes. */
export async function generateApiSchema(): Promise<string> {
  const document = JSON.parse(await serverOpenApiDocument());
  const ast = await openapiTS(document, { silent: true });
  return HEADER + astToString(ast);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(apiSchemaPath, await generateApiSchema());
  console.log(`wrote ${apiSchemaPath}`);
}

// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiSchemaPath, generateApiSchema } from '../../scripts/api-schema';

describe('the generated API types', () => {
  it('match the server’s current OpenAPI document (run `npm run api:generate -w @whatpro/web` when not)', async () => {
    const committed = readFileSync(apiSchemaPath, 'utf8');
    expect(committed === (await generateApiSchema()), 'src/api/schema.d.ts is stale').toBe(true);
  }, 180_000); // The server app is built (with an in-memory database) in a child process.
});

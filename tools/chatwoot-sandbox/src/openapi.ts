// A validator for the subset of OpenAPI 3.0 schema keywords Chatwoot's swagger.json uses for responses:
// $ref (local), type, nullable, enum, properties, required, items, allOf. Descriptive keywords
// (description, example, format, title) are ignored, and unknown properties are allowed, as in OpenAPI.

export type Schema = {
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  [keyword: string]: unknown;
};

export interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>
  >;
  components: { schemas: Record<string, Schema> };
}

export interface ValidationIssue {
  /** JSON pointer into the validated value, e.g. `/data/payload/0/status`. */
  path: string;
  keyword: 'type' | 'enum' | 'required' | '$ref';
  message: string;
  /** The offending value (`undefined` for a missing required property). */
  value: unknown;
}

const SUPPORTED = new Set([
  '$ref',
  'type',
  'nullable',
  'enum',
  'properties',
  'required',
  'items',
  'allOf',
  'description',
  'example',
  'format',
  'title',
]);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: NonNullable<Schema['type']>, value: unknown): boolean {
  const actual = typeOf(value);
  if (expected === 'number') return actual === 'number' || actual === 'integer';
  return actual === expected;
}

export class OpenApiValidator {
  constructor(private readonly document: OpenApiDocument) {}

  resolve(ref: string): Schema {
    const prefix = '#/components/schemas/';
    if (!ref.startsWith(prefix)) throw new Error(`unsupported $ref ${ref}`);
    const schema = this.document.components.schemas[ref.slice(prefix.length)];
    if (!schema) throw new Error(`unknown $ref ${ref}`);
    return schema;
  }

  /** The JSON response schema of `METHOD path` for `status`, or `undefined` when the document has none. */
  responseSchema(method: string, path: string, status: number): Schema | undefined {
    const operation = this.document.paths[path]?.[method.toLowerCase()];
    return operation?.responses?.[String(status)]?.content?.['application/json']?.schema;
  }

  validate(schema: Schema, value: unknown, path = ''): ValidationIssue[] {
    for (const keyword of Object.keys(schema)) {
      if (!SUPPORTED.has(keyword))
        throw new Error(`schema keyword "${keyword}" at ${path || '/'} is not supported`);
    }
    if (schema.$ref) return this.validate(this.resolve(schema.$ref), value, path);
    const issues: ValidationIssue[] = [];
    for (const part of schema.allOf ?? []) issues.push(...this.validate(part, value, path));
    if (value === null) {
      if (schema.type && !schema.nullable) {
        issues.push({ path, keyword: 'type', message: `expected ${schema.type}, got null`, value });
      }
      return issues;
    }
    if (schema.type && !typeMatches(schema.type, value)) {
      issues.push({ path, keyword: 'type', message: `expected ${schema.type}, got ${typeOf(value)}`, value });
      return issues;
    }
    if (schema.enum && !schema.enum.includes(value)) {
      issues.push({
        path,
        keyword: 'enum',
        message: `${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`,
        value,
      });
    }
    if (typeOf(value) === 'object') {
      const object = value as Record<string, unknown>;
      for (const key of schema.required ?? []) {
        if (!(key in object))
          issues.push({ path: `${path}/${key}`, keyword: 'required', message: 'missing', value: undefined });
      }
      for (const [key, propertySchema] of Object.entries(schema.properties ?? {})) {
        if (key in object && object[key] !== undefined) {
          issues.push(...this.validate(propertySchema, object[key], `${path}/${key}`));
        }
      }
    }
    if (Array.isArray(value) && schema.items) {
      value.forEach((item, index) => {
        issues.push(...this.validate(schema.items!, item, `${path}/${index}`));
      });
    }
    return issues;
  }
}

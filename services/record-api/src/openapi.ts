import { z } from 'zod';
import type { CommandDefinition } from '@planledger/domain';

type JsonSchema = Record<string, unknown>;

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Stable error code, e.g. PL_ERR_VALIDATION.' },
        message: { type: 'string' },
        issues: {
          type: 'array',
          items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
        },
        rule: { type: 'string', description: 'The domain rule that refused the command (422).' },
        currentRevision: { type: 'integer', description: 'The stream revision now (409).' },
        existingChildId: { type: 'string', description: 'The child already holding the NHS number (409 PL_ERR_NHS_NUMBER_ALREADY_REGISTERED), only if you may read that child.' },
        errorId: { type: 'string', description: 'Quote this when reporting a 500.' },
      },
    },
  },
};

const acceptedSchema: JsonSchema = {
  type: 'object',
  required: ['streamId', 'entityId', 'revision', 'eventIds', 'globalPosition'],
  properties: {
    streamId: { type: 'string' },
    entityId: { type: 'string', format: 'uuid', description: 'The id of the child, plan, assessment, ... the stream holds.' },
    revision: { type: 'integer', description: 'Revision of the stream after the append; send it as If-Match next time.' },
    eventIds: { type: 'array', items: { type: 'string', format: 'uuid' } },
    globalPosition: { type: 'integer' },
    requestId: { type: 'string', format: 'uuid', description: 'Advice requests: the new request\'s id (submit, moderate and incorporate the advice with it).' },
    adviceDueOn: { type: 'string', format: 'date', description: 'Advice requests: the day the advice is due (six weeks after the request, regulation 8(1)).' },
  },
};

const commandHeaders = [
  {
    name: 'If-Match',
    in: 'header',
    required: false,
    description: 'The stream revision you last saw (3 or "3"). The command is refused with 409 if the stream has moved on.',
    schema: { type: 'string', pattern: '^("?)\\d+\\1$' },
  },
  {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description: 'Up to 128 printable characters. A retry with the same key and body writes nothing and repeats the first answer.',
    schema: { type: 'string', maxLength: 128 },
  },
  { name: 'X-Correlation-Id', in: 'header', required: false, description: 'Carried into every event the command appends.', schema: { type: 'string', maxLength: 128 } },
];

const refusal = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function pathParameters(definition: CommandDefinition) {
  const schema = jsonSchemaOf(definition.params);
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  return [...definition.path.matchAll(/:([A-Za-z0-9_]+)/g)].map(([, name]) => ({
    name: name!,
    in: 'path',
    required: true,
    schema: properties[name!] ?? { type: 'string' },
  }));
}

/** The OpenAPI 3.1 document of the command API, built from the same zod schemas the domain validates with. */
export function buildOpenApiDocument(commands: readonly CommandDefinition[], info: { version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const definition of commands) {
    const path = definition.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const success = definition.creates ? 'Created the stream; Location names it.' : 'Appended to the stream.';
    paths[path] ??= {};
    paths[path][definition.method.toLowerCase()] = {
      operationId: definition.name,
      summary: definition.summary,
      description: `Roles allowed: ${definition.roles.join(', ')}. Appends: ${definition.emits.join(', ')}.`,
      tags: [path.split('/')[2] ?? 'record'],
      security: [{ bearer: [] }],
      parameters: [...pathParameters(definition), ...commandHeaders],
      requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(definition.body) } } },
      responses: {
        201: {
          description: `${success} A replayed Idempotency-Key answers 201 again, with Idempotent-Replayed: true.`,
          headers: { ETag: { schema: { type: 'string' }, description: 'The new stream revision, quoted.' } },
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Accepted' } } },
        },
        400: refusal('The body, parameters or a header are invalid; issues lists each field path at fault.'),
        401: refusal('No bearer token, or one that does not verify.'),
        403: refusal('Your role, agency or organisation may not do this.'),
        404: refusal('No such record, or none you may see.'),
        409: refusal('The stream has moved on (currentRevision), the Idempotency-Key was used for another request, or another child holds the NHS number (PL_ERR_NHS_NUMBER_ALREADY_REGISTERED).'),
        413: refusal('The body is over the size limit.'),
        415: refusal('The body is not application/json.'),
        422: refusal('A domain rule refuses the command (rule names it).'),
        429: refusal('Too many requests; see Retry-After.'),
      },
      'x-roles': definition.roles,
      'x-emits': definition.emits,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'planledger record API',
      version: info.version,
      description: 'Commands that append to the case record of disabled children’s plans. Reads go through the GraphQL query API.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: errorSchema, Accepted: acceptedSchema },
    },
    security: [{ bearer: [] }],
    paths,
  };
}

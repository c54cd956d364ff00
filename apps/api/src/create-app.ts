import 'reflect-metadata';
import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { SarpConfig } from '@sarp/config';
import { AppModule } from './app.module';
import { buildOpenApiDocument } from './openapi/openapi-document';

/**
 * Builds the API (not yet listening), so that the process entry point and
 * the tests run exactly the same application.
 */
export async function createApiApp(config: SarpConfig, options: { logger?: false | LoggerService } = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter({
      bodyLimit: config.api.bodyLimitBytes,
      // Cast: the adapter's copy of Fastify's types is generic over the server; the handler needs only the members above.
      frameworkErrors: frameworkErrorAsProblem as never,
    }),
    { logger: options.logger ?? ['log', 'warn', 'error'], abortOnError: false },
  );
  app.enableShutdownHooks();
  allowCodecCallsFrom(app, config.api.codecCorsOrigins);
  addSecurityHeaders(app, config.api.publicUrl.startsWith('https://'));
  SwaggerModule.setup('docs', app, buildOpenApiDocument(config.api.publicUrl), { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}

/**
 * Headers on every answer: nothing the API sends is to be sniffed as another
 * type, framed, sent on as a referrer or (its data being personal) cached;
 * JSON gets a policy that lets it run nothing. Pages set their own policy
 * (asWebResource). HSTS only where the API is reached over HTTPS.
 */
function addSecurityHeaders(app: NestFastifyApplication, https: boolean): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (_request, reply, payload) => {
      void reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer').header('x-frame-options', 'DENY');
      void reply.header('cross-origin-resource-policy', 'same-origin');
      if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
      const json = /json/.test(String(reply.getHeader('content-type') ?? ''));
      if (json && !reply.hasHeader('content-security-policy'))
        void reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
      if (https) void reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
      return payload;
    });
}

/** The Temporal codec endpoint (temporal-codec.controller.ts): the only one a page of another origin may call. */
const CODEC_PATH = '/temporal-codec/';

/**
 * Lets the Temporal Web UI (its origins from SARP_TEMPORAL_CODEC_CORS_ORIGINS) call the codec endpoint from the
 * browser, with the bearer token of the auditor it signed in (the endpoint checks it and logs the access as
 * for any caller): @fastify/cors, through Nest, answering the preflight and marking the answers, for that path
 * and those origins only. With no origin configured nothing is registered and no answer allows another origin.
 */
function allowCodecCallsFrom(app: NestFastifyApplication, origins: readonly string[]): void {
  if (origins.length === 0) return;
  app.enableCors({
    delegator: (request, callback) => {
      const forCodec = request.url.startsWith(CODEC_PATH);
      callback(null, {
        origin: forCodec ? [...origins] : false,
        methods: ['POST'],
        // The Web UI sends its namespace along with the payloads, and the token it passes on.
        allowedHeaders: ['authorization', 'content-type', 'x-namespace'],
        credentials: true,
        maxAge: 600,
      });
    },
  });
}

/** What answering a framework error uses of Fastify's reply. */
interface ProblemReply {
  code(status: number): ProblemReply;
  type(contentType: string): ProblemReply;
  send(payload: unknown): unknown;
}

/**
 * Errors Fastify's router raises before the app sees the request (a path
 * parameter too long, a malformed URL) become problems like every other answer.
 */
function frameworkErrorAsProblem(error: { statusCode?: number; message: string }, request: { url: string }, reply: ProblemReply): void {
  const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  reply
    .code(status)
    .type('application/problem+json')
    .send({
      type: 'about:blank',
      title: 'Bad request',
      status,
      detail: error.message.slice(0, 200),
      instance: request.url.split('?')[0]?.slice(0, 200),
    });
}

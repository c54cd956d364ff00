import 'reflect-metadata';
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
export async function createApiApp(config: SarpConfig, options: { logger?: false } = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), new FastifyAdapter({ bodyLimit: 256 * 1024 }), {
    logger: options.logger ?? ['log', 'warn', 'error'],
    abortOnError: false,
  });
  app.enableShutdownHooks();
  SwaggerModule.setup('docs', app, buildOpenApiDocument(config.api.publicUrl), { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}

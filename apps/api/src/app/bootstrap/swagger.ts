import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { API_KEY_HEADER } from '@fleet/shared/contracts';

export const DOCS_PATH = 'api/docs';

/** Swagger UI at /api/docs, the JSON at /api/docs-json; operation ids are the handler names. */
export function setupSwagger(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Fleet OTA console API')
    .setDescription(
      'Cars (each a simulated Eclipse Ankaios agent), their Symphony targets, and health.',
    )
    .setVersion('1')
    // Every operation needs one of the two unless it lists no security (login, health, greetings).
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: API_KEY_HEADER }, 'api-key')
    .addSecurityRequirements('bearer')
    .addSecurityRequirements('api-key')
    .build();
  const document = () =>
    SwaggerModule.createDocument(app, config, {
      operationIdFactory: (_controller, method) => method,
    });
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
  });
}

import { ValidationPipe } from '@nestjs/common';

/**
 * The global pipe. Implicit conversion turns query strings into the numbers the DTOs declare; a list of objects
 * therefore needs `@ListOf(X)` (contracts) on its field, or class-transformer would build each element as an Array (the
 * field's design type).
 */
export function globalValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: true },
  });
}

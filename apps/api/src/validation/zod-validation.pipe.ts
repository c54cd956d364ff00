import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { ValidationProblem } from '../problems/problem-details';

/**
 * Validates a request part against the zod schema that also documents it in
 * OpenAPI (STYLE 9): validation happens once, at the edge, and unknown
 * fields are refused because the schemas are strict objects.
 */
export class ZodValidationPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  /** @param where names the request part in error messages when the value is not the body (a header, a path parameter). */
  constructor(
    private readonly schema: T,
    private readonly where = '(body)',
  ) {}

  transform(value: unknown): z.infer<T> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    throw new ValidationProblem(
      result.error.issues.map((issue) => ({
        field: issue.path.map(String).join('.') || this.where,
        message: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
      })),
    );
  }
}

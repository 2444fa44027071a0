import { compileQuery, QuerySyntaxError } from '@newswatch/match';
import { ApiError } from '../../errors';

/** Compiles a watch query or answers 422 with the message and the character position. */
export function compileOr422(query: string) {
  try {
    return compileQuery(query);
  } catch (error) {
    if (error instanceof QuerySyntaxError) {
      throw new ApiError(422, 'invalid_query', error.message, { position: error.position });
    }
    throw error;
  }
}

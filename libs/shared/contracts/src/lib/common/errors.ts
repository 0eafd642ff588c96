/** The body of every HTTP error answered by the API. */
export interface ApiError {
  statusCode: number;
  message: string | string[];
  error?: string;
  correlationId: string;
}

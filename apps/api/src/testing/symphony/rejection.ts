import { HttpException } from '@nestjs/common';

/** The HttpException a promise rejects with; fails the test when it resolves or throws something else. */
export async function rejection(
  promise: Promise<unknown>,
): Promise<{ status: number; text: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpException)
      return {
        status: error.getStatus(),
        text: JSON.stringify(error.getResponse()),
      };
    throw error;
  }
  throw new Error('expected a rejection');
}

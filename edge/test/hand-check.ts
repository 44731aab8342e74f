/**
 * The property both hand checks of the hot path must keep (the webhook body, the search query):
 * whatever they accept, zod accepts too, with the same result to the letter.
 */
import fc from "fast-check";
import { expect } from "vitest";
import type { z } from "zod";

export function expectAgreesWithZod<I>(
  inputs: fc.Arbitrary<I>,
  handCheck: (input: I) => unknown,
  schema: z.ZodType,
): void {
  let taken = 0;
  fc.assert(
    fc.property(inputs, (input) => {
      const quick = handCheck(input);
      const parsed = schema.safeParse(input);
      if (quick) {
        taken += 1;
        expect(parsed.success).toBe(true);
        expect(quick).toStrictEqual(parsed.data);
      }
    }),
    { numRuns: 3000 },
  );
  // Some generated inputs are well formed (each test also checks the usual ones).
  expect(taken).toBeGreaterThan(0);
}

import { expect, it } from "vitest";
import { hashPassword, passwordCost, verifyPassword } from "./password.ts";

it("stores a salted scrypt hash with its cost, and verifies only the right password", async () => {
  const stored = await hashPassword("correct horse battery staple");
  expect(stored).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
  expect(passwordCost.log2N).toBe(15);
  expect(await hashPassword("correct horse battery staple")).not.toBe(stored); // salted
  expect(await verifyPassword("correct horse battery staple", stored)).toBe(true);
  expect(await verifyPassword("correct horse battery stapl", stored)).toBe(false);
  expect(await verifyPassword("anything", "md5$whatever")).toBe(false);
});

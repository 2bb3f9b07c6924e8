import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bucketNameProblem } from "@rahcp/core";
import { BUCKET_NAME_MAX_LENGTH, BUCKET_NAME_MIN_LENGTH, BUCKET_NAME_PATTERN } from "@rahcp/openapi";

/** What a JSON Schema validator (or Swagger UI) concludes from the documented BucketName schema. */
function documentedValid(name: string): boolean {
  return name.length >= BUCKET_NAME_MIN_LENGTH && name.length <= BUCKET_NAME_MAX_LENGTH && new RegExp(BUCKET_NAME_PATTERN, "u").test(name);
}

const handPicked = [
  "abc", "my-bucket", "team-data.2024", "a".repeat(63), "a".repeat(64), "ab", "Abc", "a_b", "-abc", "abc-", ".abc", "abc.",
  "a..b", "a.-b", "192.168.1.1", "192.168.1.1a", "1.2.3", "999.999.999.999", "xn--abc", "axn--b", "sthree-x", "x-sthree-",
  "name-s3alias", "name-s3aliasx", "name--ol-s3", "name-ol-s3", "bucket\n", "bücket", "",
];

describe("documented BucketName pattern", () => {
  it.each(handPicked)("agrees with the validator for %j", (name) => {
    expect(documentedValid(name)).toBe(bucketNameProblem(name) === undefined);
  });

  it("agrees with the validator on generated names", () => {
    const piece = fc.constantFrom("a", "z", "0", "9", ".", "-", "xn--", "sthree-", "-s3alias", "--ol-s3", "..", "1.2.3.4", "A", "_");
    const names = fc.oneof(
      fc.array(piece, { maxLength: 20 }).map((parts) => parts.join("")),
      fc.string({ unit: fc.constantFrom(..."ab0.-9"), minLength: 0, maxLength: 70 }),
    );
    fc.assert(
      fc.property(names, (name) => documentedValid(name) === (bucketNameProblem(name) === undefined)),
      { numRuns: 5000 },
    );
  });
});

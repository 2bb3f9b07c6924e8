import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUCKET_NAME_RULE_SETS, bucketNameProblem, type BucketNameRules } from "@rahcp/core";
import { BUCKET_NAME_MAX_LENGTH, BUCKET_NAME_MIN_LENGTH, BUCKET_NAME_PATTERNS, generateOpenApiDocument } from "@rahcp/openapi";

/** What a JSON Schema validator (or Swagger UI) concludes from a documented BucketName pattern. */
function documentedValid(name: string, rules: BucketNameRules): boolean {
  return name.length >= BUCKET_NAME_MIN_LENGTH && name.length <= BUCKET_NAME_MAX_LENGTH && new RegExp(BUCKET_NAME_PATTERNS[rules], "u").test(name);
}

const handPicked = [
  "abc", "my-bucket", "team-data.2024", "team-data-2024", "a".repeat(63), "a".repeat(64), "ab", "Abc", "a_b", "-abc", "abc-", ".abc", "abc.",
  "a..b", "a.-b", "192.168.1.1", "192.168.1.1a", "1.2.3", "999.999.999.999", "xn--abc", "axn--b", "sthree-x", "x-sthree-",
  "name-s3alias", "name-s3aliasx", "name--ol-s3", "name-ol-s3", "bucket\n", "bücket", "", "a--b", "0-9",
];

describe.each(BUCKET_NAME_RULE_SETS)("documented BucketName pattern for the %s rules", (rules) => {
  it.each(handPicked)("agrees with the validator for %j", (name) => {
    expect(documentedValid(name, rules)).toBe(bucketNameProblem(name, rules) === undefined);
  });

  it("agrees with the validator on generated names", () => {
    const piece = fc.constantFrom("a", "z", "0", "9", ".", "-", "xn--", "sthree-", "-s3alias", "--ol-s3", "..", "1.2.3.4", "A", "_");
    const names = fc.oneof(
      fc.array(piece, { maxLength: 20 }).map((parts) => parts.join("")),
      fc.string({ unit: fc.constantFrom(..."ab0.-9"), minLength: 0, maxLength: 70 }),
    );
    fc.assert(
      fc.property(names, (name) => documentedValid(name, rules) === (bucketNameProblem(name, rules) === undefined)),
      { numRuns: 5000 },
    );
  });
});

describe("the document", () => {
  it("describes HCP's rules, the default, and names the s3 alternative", () => {
    const schema = generateOpenApiDocument().components.schemas["BucketName"]!;
    expect(schema["pattern"]).toBe(BUCKET_NAME_PATTERNS.hcp);
    expect(schema["description"]).toMatch(/^HCP bucket naming rules: 3 to 63 characters; lowercase letters, digits and '-' only \(no '\.'\)/);
    expect(schema["description"]).toContain("BUCKET_NAME_RULES=s3");
  });

  it("HCP's rules refuse every name with a dot, which S3's may allow", () => {
    expect(bucketNameProblem("team-data.2024", "hcp")).toMatch(/no '\.'/);
    expect(bucketNameProblem("team-data.2024", "s3")).toBeUndefined();
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."ab0.-9"), maxLength: 70 }), (name) => !name.includes(".") || bucketNameProblem(name, "hcp") !== undefined),
      { numRuns: 2000 },
    );
  });
});

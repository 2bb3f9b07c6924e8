import { ListBucketsCommand } from "@aws-sdk/client-s3";
import { Logger } from "@aws-lambda-powertools/logger";
import { JwtVerifier } from "aws-jwt-verify";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import * as z from "zod/mini";
import { bareClient } from "./bare-handler";

/**
 * Not a function of the API: the smallest handler that uses every library the issues require
 * (Powertools Logger, aws-jwt-verify, zod/mini) once, around the baseline's S3 call.
 * Its size is the floor no real function can go below while those libraries stay.
 */
const logger = new Logger();
const client = bareClient();
const verifier = JwtVerifier.create({
  issuer: process.env.AUTH_ISSUER ?? "https://issuer.invalid",
  audience: process.env.AUTH_AUDIENCE ?? "floor",
  ...(process.env.AUTH_JWKS_URI ? { jwksUri: process.env.AUTH_JWKS_URI } : {}),
});
const Params = z.strictObject({ bucket: z.optional(z.string()) });

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  await verifier.verify((event.headers["authorization"] ?? "").replace(/^Bearer /, ""));
  Params.parse(event.pathParameters ?? {});
  logger.info("list buckets");
  const out = await client.send(new ListBucketsCommand({}));
  return { statusCode: 200, body: JSON.stringify(out.Buckets ?? []) };
};

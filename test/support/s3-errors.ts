import { S3ServiceException } from "@aws-sdk/client-s3";

/**
 * Errors shaped exactly as the AWS SDK throws them, for aws-sdk-client-mock rejections.
 * `message` defaults to something a careless mapper could leak (raw XML, a key id).
 */
export const LEAKY_MESSAGE =
  '<?xml version="1.0" encoding="UTF-8"?><Error><Code>X</Code><Message>AKIDLEAKEDKEY0000 denied</Message></Error>';

/** An S3 error response with a parsed body (`<Error><Code>name</Code>…`). */
export function s3Error(name: string, httpStatusCode: number, message = LEAKY_MESSAGE): S3ServiceException {
  return new S3ServiceException({
    name,
    $fault: httpStatusCode >= 500 ? "server" : "client",
    $metadata: { httpStatusCode, requestId: "S3REQ123", extendedRequestId: "S3EXT456" },
    message,
  });
}

/** HEAD responses have no body, so the SDK only knows the status: name "NotFound", "Forbidden" or the number. */
export function headError(httpStatusCode: 403 | 404 | 400 | 301): S3ServiceException {
  const name = httpStatusCode === 404 ? "NotFound" : httpStatusCode === 403 ? "Forbidden" : String(httpStatusCode);
  return new S3ServiceException({ name, $fault: "client", $metadata: { httpStatusCode }, message: "UnknownError" });
}

/** What Node's socket layer throws when nothing listens (or DNS fails, …). */
export function networkError(code = "ECONNREFUSED"): Error {
  return Object.assign(new Error(`connect ${code} 10.0.0.1:443 (AKIDLEAKEDKEY0000)`), { code });
}

/** What the SDK's request handler throws when connect/request timeouts fire. */
export function timeoutError(): Error {
  const error = new Error("Connection timed out after 3000 ms");
  error.name = "TimeoutError";
  return error;
}

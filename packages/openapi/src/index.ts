export { generateOpenApiDocument, serializeOpenApiDocument, TITLE, type OpenApiDocument } from "./generate";
export { NAMED_SCHEMAS } from "./components";
export { BUCKET_NAME_PATTERNS, BUCKET_NAME_MIN_LENGTH, BUCKET_NAME_MAX_LENGTH } from "./bucket-name-schema";

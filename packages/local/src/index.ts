export { startLocalServer, type LocalServer, type LocalServerOptions } from "./server";
export { mintDevToken, openDevIssuer, devIssuerUrl, DEV_AUDIENCE, DEFAULT_PORT, type DevIssuer, type MintOptions } from "./dev-issuer";
export { toApiGatewayEvent, isTextContentType, type RawRequest } from "./api-gateway-event";
export { fromLambdaResult, type GatewayResponse } from "./api-gateway-result";
export { createRouteMatcher, type RouteMatch } from "./route-match";
export { dataDirFromEnv, portFromEnv } from "./local-settings";
export type { HandlerLoader, LambdaHttpHandler } from "./handler-modules";

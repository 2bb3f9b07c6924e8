import { Logger } from "@aws-lambda-powertools/logger";

/** Structured JSON logs (one logger per container); never give it tokens or secrets. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "rahcp" });

/**
 * A success answer other than the route's `successStatus` (declared in its `otherResponses`),
 * e.g. 202 while a force delete is still emptying the bucket. Handlers return it instead of a body.
 */
export class Answer<B> {
  constructor(
    readonly status: 202,
    readonly body: B,
  ) {}
}

export function answer<B>(status: 202, body: B): Answer<B> {
  return new Answer(status, body);
}

// A chart that cannot be rendered is a bug, a broken install or an overloaded pool, never user
// input: it throws, with a code the adapters can log and the original error as its cause.
// 'Saturated' is the one a caller may answer without an apology: "too many pictures at once,
// try again in a minute".
export type ChartRenderErrorCode = 'SvgWithoutSize' | 'PngTooLarge' | 'RenderFailed' | 'Saturated' | 'Closed';

export class ChartRenderError extends Error {
  override readonly name = 'ChartRenderError';

  constructor(
    readonly code: ChartRenderErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

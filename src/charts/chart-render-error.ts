// A chart that cannot be rendered is a bug or a broken install, never user input: it throws,
// with a code the adapters can log and the original error as its cause.
export type ChartRenderErrorCode = 'SvgWithoutSize' | 'PngTooLarge' | 'RenderFailed';

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

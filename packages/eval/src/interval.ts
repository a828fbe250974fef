/** A point estimate with a 95% interval. */
export interface Interval {
  /** The estimate. */
  readonly value: number;
  /** Lower end of the 95% interval. */
  readonly low: number;
  /** Upper end of the 95% interval. */
  readonly high: number;
}

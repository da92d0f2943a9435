/** Time comes from outside the domain so that deletion windows and rotation are testable. */
export interface Clock {
  now(): Date;
}

/**
 * What goes wrong in an ARM template expression, as one line in ARM's terms naming the function
 * involved. These carry no file or JSON pointer: the caller that read the template knows where
 * the expression stands and adds it.
 */
export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

/** The text of an expression is malformed; `column` counts from 1 at the string's opening `[`. */
export class ExpressionParseError extends ExpressionError {
  readonly column: number;

  constructor(reason: string, column: number) {
    super(`at column ${column}: ${reason}`);
    this.name = 'ExpressionParseError';
    this.column = column;
  }
}

/**
 * Typed errors that stop a run. Problems inside submissions are not thrown: they become
 * Issues in the report. These are for what makes the run itself impossible.
 */

/** Base error of the project: carries the process exit code the CLI should end with. */
export class PlanCheckError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A wrong option, an unknown command or a path that does not exist: exit 3. */
export class UsageError extends PlanCheckError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 3, options);
  }
}

/** A plan, rule or registry file that is malformed: exit 3, with file:line:column in the message. */
export class PlanError extends PlanCheckError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 3, options);
  }
}

/** What every reporter is told besides the report. */
import type { Lang } from '../types.js';

/** Options common to reporters. */
export interface ReporterOptions {
  lang: Lang;
  /** Colour escapes allowed (a TTY without NO_COLOR). */
  color: boolean;
  /** Terminal columns the text report fits its tables to; undefined: as wide as they are. */
  width?: number;
  /** Reports for people show only the rules that fail or fall short. */
  onlyFailing?: boolean;
  /** When the report was made, ISO 8601, shown in its header (left out when undefined, as in tests). */
  generatedAt?: string;
}

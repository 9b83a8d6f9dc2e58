/**
 * Where a row's cell stands in its file: the place every problem of a cell names.
 */
import type { Issue, Row } from '../types.js';

/** The place of a row's cell of a column: the row's file and line, the column's field number, and the column. */
export function cellPlace(row: Row, field: string): Required<Pick<Issue, 'file' | 'line' | 'field'>> & Pick<Issue, 'column'> {
  return { file: row.file, line: row.line, column: row.columns[field], field };
}

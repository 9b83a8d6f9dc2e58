/** The sheets of the workbook report, by language: the writer names them, and a folder scan knows its own report by them. */
export const REPORT_SHEETS = {
  results: { zh: '结果', en: 'Results' },
  values: { zh: '各单位数值', en: 'Values by unit' },
  statuses: { zh: '各单位状态', en: 'Statuses by unit' },
  completion: { zh: '完成情况', en: 'Completion' },
  problems: { zh: '数据问题', en: 'Problems' },
  comparison: { zh: '比较', en: 'Comparison' },
};

/** True for a workbook whose sheets are those of a plan-check report (its first three, in either language). */
export function isReportWorkbook(sheets: readonly string[]): boolean {
  return (['zh', 'en'] as const).some((lang) =>
    [REPORT_SHEETS.results, REPORT_SHEETS.values, REPORT_SHEETS.statuses].every((sheet, i) => sheets[i] === sheet[lang]),
  );
}

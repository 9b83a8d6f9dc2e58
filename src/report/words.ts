/** The words of the human-readable reports, in both languages. */
import { fillTemplate } from '../format.js';
import type { Bilingual, Lang, NoDataReason, Status } from '../types.js';

const WORDS = {
  rule: { zh: '规则', en: 'Rule' },
  indicator: { zh: '指标', en: 'Indicator' },
  value: { zh: '数值', en: 'Value' },
  target: { zh: '目标', en: 'Target' },
  status: { zh: '状态', en: 'Status' },
  unit: { zh: '单位', en: 'Unit' },
  period: { zh: '报告期', en: 'Period' },
  cityValues: { zh: '{whole}指标', en: '{Whole} results' },
  problems: { zh: '数据问题', en: 'Problems in the data' },
  more: { zh: '另有 {n} 条，见 --format json', en: '{n} more: see --format json' },
  notices: { zh: '读取文件的提示', en: 'How the files were read' },
  noticesCounted: {
    zh: '{n} 条读取文件的提示：{kinds}；--verbose 逐条列出',
    en: '{n} {n:notice|notices} of how the files were read: {kinds}; --verbose lists {n:it|them}',
  },
  sameKind: { zh: '同类问题另有 {n} 处{lines}', en: '{n} more of the same kind{lines}' },
  sameKindLines: { zh: '（第 {first}-{last} 行）', en: ' (lines {first}-{last})' },
  ownColumns: { zh: '{labels}不是{what}，已忽略{also}', en: '{labels} are not {what} and are ignored{also}' },
  ownColumnsAlso: { zh: '；另有 {n} 个文件的表头相同（{names}）', en: '; so in {n} more file{s} of the same header ({names})' },
  ownColumnsFix: { zh: '若是自有的列，无需处理；{listed}', en: 'nothing to do if they are columns of your own; {listed}' },
  sameKindLine: { zh: '（第 {line} 行）', en: ' (line {line})' },
  eachFix: { zh: '各处的改法见 {json}', en: 'the fix of each: see {json}' },
  problemsMore: { zh: '另有 {n} 条，见 {json}', en: '{n} more: see {json}' },
  missingUnits: {
    zh: '缺少 {n} 个单位的数据，{whole}指标无法计算：{units}',
    en: 'no data from {n} {n:unit|units}, so no {whole} results: {units}',
  },
  cityNeedsAll: { zh: '{whole}指标需要全部 {n} 个单位的数据', en: '{whole} results need all {n} units' },
  summary: {
    zh: '{results} 项结果：{pass} 达标，{fail} 未达标，{warn} 未达预期，{no_data} 无数据 · {errors} 个错误，{warnings} 个警告',
    en: '{results} {results:result|results}: {pass} pass, {fail} fail, {warn} warn, {no_data} no data · {errors} {errors:error|errors}, {warnings} {warnings:warning|warnings}',
  },
  nothingReported: {
    zh: '没有填报任何数据：{rows} 行只有代码和报告期，{results} 项结果全部无数据 · {errors} 个错误，{warnings} 个警告',
    en: 'nothing reported: {rows} {rows:row holds|rows hold} codes and periods only, and {results} {results:result is|results are} no data · {errors} {errors:error|errors}, {warnings} {warnings:warning|warnings}',
  },
  filesRead: { zh: '读取 {n} 个文件', en: '{n} {n:file|files} read' },
  generatedAt: { zh: '生成于 {time}', en: 'generated {time}' },
  matrixTitle: { zh: '各单位指标', en: 'Results by unit' },
  chartsTitle: { zh: '各指标分单位情况', en: 'Each indicator by unit' },
  trendsTitle: { zh: '{whole}指标走势', en: '{Whole} results over time' },
  notReported: { zh: '未报送', en: 'missing' },
  notApplicable: { zh: '不适用', en: 'not applicable' },
  targetsDiffer: { zh: '因单位而异', en: 'differs by unit' },
  targetLine: { zh: '目标', en: 'target' },
  milestoneLine: { zh: '进度目标', en: 'milestone' },
  noneFailing: { zh: '没有未达标或未达预期的指标', en: 'no rule fails or falls short' },
  failedList: { zh: '未达标：{list}', en: 'Failed: {list}' },
  warnedList: { zh: '未达预期：{list}', en: 'Below expectation: {list}' },
  noDataWhy: { zh: '无数据：{list}', en: 'No data: {list}' },
  withoutValues: {
    zh: '{n} 条规则在所有单位均无数值，未列入表中：{list}（--format json 含全部结果）',
    en: 'No unit gave a value for {n} {n:rule|rules}, left out of the tables: {list} (--format json has every result)',
  },
  fromRosters: { zh: '按名册计算：{list}', en: 'Counted from rosters: {list}' },
  andMore: { zh: '等 {n} 项', en: 'and {n} more' },
  reasonCount: { zh: '{n} 项（{why}）', en: '{n} ({why})' },
  'why:missing-value': { zh: '缺少所需数值', en: 'a value the rule needs is empty' },
  'why:zero-denominator': { zh: '分母为零', en: 'the denominator is zero' },
  'why:missing-units': { zh: '{whole}指标需要全部单位的数据', en: '{whole} results need every unit' },
  'why:no-rows': { zh: '没有该单位的数据行', en: 'no row for the unit' },
  'why:target-not-printed': { zh: '规划未给出目标值', en: 'the plan prints no target' },
  'why:out-of-range': { zh: '数值达到 10 的 200 次方，超出报告能表示的范围', en: 'the value is 10^200 or more, past what a report shows' },
  'why:other': { zh: '无可计算的数据', en: 'nothing to compute from' },
  legend: {
    zh: '✔ 达标  ✘ 未达标（约束性）  ▲ 未达预期（预期性）  · 无数据  — 不适用',
    en: '✔ pass  ✘ fail (binding)  ▲ warn (expected)  · no data  — not applicable',
  },
  growth: { zh: '年均增长率核对', en: 'Annual growth rates as printed' },
  growthAgree: { zh: '{n} 个印刷的年均增长率与复合增长率一致', en: '{n} printed {n:rate agrees|rates agree} with the compound rate' },
  growthHead: { zh: '印刷值,复合增长率,类别', en: 'Printed,Compound rate,Kind' },
  noResults: { zh: '没有可评价的数据行', en: 'no rows could be evaluated' },
  milestone: { zh: '进度目标', en: 'Milestone' },
  progress: { zh: '进度', en: 'Progress' },
  // The progress bar of a long run (src/progress.ts): files read of all, and rows.
  barFiles: { zh: '{done}/{total} 个文件', en: '{done}/{total} files' },
  barRows: { zh: '{rows} 行', en: '{count:{rows} row|{rows} rows}' },
  gap: { zh: '差距', en: 'What it takes' },
  trend: { zh: '趋势', en: 'Trend' },
  achieved: { zh: '已达目标', en: 'achieved' },
  onTrack: { zh: '符合进度', en: 'on track' },
  behind: { zh: '滞后', en: 'behind' },
  leftEmpty: { zh: '{units}未填报所需数值', en: 'a value it needs left empty by {units}' },
  toMilestone: { zh: '（按进度）', en: ' (to be on schedule)' },
  periodOfMany: {
    zh: '报告期 {last}（共 {n} 期，{first} 至 {last}；计数含各期）',
    en: 'Period {last} (of {n}, {first} to {last}; the counts are of every period)',
  },
  history: {
    zh: '共 {n} 个报告期（{first} 至 {last}）：表中为最新一期及各期趋势，--format json 含全部报告期',
    en: '{n} periods ({first} to {last}): the tables show the latest with each trend; --format json has every period',
  },
  schedulePlan: {
    zh: '截止期前按进度评价：进度目标为规划基期值（年末）至目标值（截止月）按月线性推算；--final 按最终目标评价',
    en: "before a deadline, results are judged on schedule: the milestone runs from the plan's baseline (end of its year) to the target (the deadline's month), month by month; --final judges against the final targets",
  },
  scheduleOwn: {
    zh: '截止期前按进度评价：{n} 个单位的进度目标自其本单位基期值（--baseline）推算，其余自规划基期值推算',
    en: "before a deadline, results are judged on schedule: {n} {n:unit follows|units follow} a line from their own baseline (--baseline), the others from the plan's",
  },
  compared: { zh: '与 {period} 比较（{source}）', en: 'Compared with {period} ({source})' },
  earlierErrors: {
    zh: '上一次报送数据有 {n} 个错误：其无效的行不参与比较（plan-check check {source} 可逐条列出）',
    en: 'the earlier drop has {n} {n:error|errors}: its invalid rows are not compared (plan-check check {source} lists them)',
  },
  before: { zh: '此前', en: 'Before' },
  now: { zh: '现在', en: 'Now' },
  newlyFailing: { zh: '新出现未达标 {n} 项', en: '{n} newly missed' },
  fixed: { zh: '已改正 {n} 项', en: '{n} fixed' },
  newlyMissedOne: { zh: '新出现未达标', en: 'newly missed' },
  fixedOne: { zh: '已改正', en: 'fixed' },
  towardsTarget: { zh: '向目标靠近', en: 'towards the target' },
  awayFromTarget: { zh: '远离目标', en: 'away from the target' },
  worse: { zh: '变差 {n} 项', en: '{n} moved away from the target' },
  moved: {
    zh: '数值变化：{better} 项向目标靠近，{worse} 项远离目标',
    en: 'values moved: {better} towards the target, {worse} away from it',
  },
  missingNow: { zh: '此前报送、本期未报送的单位 {n} 个：{units}', en: '{n} {n:unit|units} sent data before and none now: {units}' },
  regressions: {
    zh: '{n} 项此前达标、现在未达标或无数据（--fail-on-regression 时退出码为 1）',
    en: '{n} {n:result passed before and does|results passed before and do} not now (exit code 1 with --fail-on-regression)',
  },
  printedAs: { zh: '（表印 {printed}）', en: ' (printed {printed})' },
  completionHead: {
    zh: '规则|指标|单位|{base}年基期值|{end}年目标值|{at} 完成值|预期年均增长率|实际年均增长率|完成情况|属性',
    en: 'Rule|Indicator|Unit|{base} baseline|{end} target|Actual {at}|Planned annual growth|Actual annual growth|Completion|Attribute',
  },
  binding: { zh: '约束性', en: 'binding' },
  expected: { zh: '预期性', en: 'expected' },
  finalEvaluation: { zh: '终期评估', en: 'final evaluation' },
  midTermEvaluation: { zh: '中期评估', en: 'mid-term evaluation' },
  completionFinal: {
    zh: '完成情况按最终目标评价；年均增长率为自基期起的复合增长率',
    en: 'completion is judged against the final targets; annual growth rates are compound from the baseline',
  },
  completionMidTerm: {
    zh: '截止期前按进度评价（符合进度 / 滞后），已达最终目标的为达标；年均增长率为自基期起的复合增长率',
    en: 'before a deadline, completion is judged on schedule (on track / behind), or met where the final target is reached; annual growth rates are compound from the baseline',
  },
  completionSummary: {
    zh: '达标 {met}，未达标 {not_met}，符合进度 {on_track}，滞后 {behind}，无数据 {no_data}',
    en: '{met} met, {not_met} not met, {on_track} on track, {behind} behind, {no_data} no data',
  },
  rankHead: { zh: '名次|单位|数值|目标|进度目标|状态|进度|差距', en: 'Rank|Unit|Value|Target|Milestone|Status|Progress|What it takes' },
  rankByValue: {
    zh: '按数值排序（向目标方向越好越靠前；相同数值并列）',
    en: 'ordered by value, best first for the target; equal values share a rank',
  },
  rankByGap: {
    zh: '按差距排序：已达目标的在前，其余按尚需数量从少到多',
    en: 'ordered by what it takes: those meeting the target first, then the least still needed',
  },
  rankByProgress: {
    zh: '按进度排序：已达目标、符合进度、滞后，同类按数值',
    en: 'ordered by progress: achieved, on track, behind, then by value',
  },
  scheduleFinal: {
    zh: '按最终目标评价（--final）；进度目标仅供参考',
    en: 'judged against the final targets (--final); milestones are shown for reference',
  },
} satisfies Record<string, Bilingual>;

/** A report word in a language, with `{name}` filled in. */
export function word(key: keyof typeof WORDS, lang: Lang, params: Record<string, string | number> = {}): string {
  return fillTemplate(WORDS[key][lang], (name) => params[name]);
}

const STATUS: Record<Status, Bilingual> = {
  pass: { zh: '达标', en: 'pass' },
  fail: { zh: '未达标', en: 'fail' },
  warn: { zh: '未达预期', en: 'warn' },
  no_data: { zh: '无数据', en: 'no data' },
};

/** Symbols that say the status without colour. */
export const SYMBOL: Record<Status, string> = { pass: '✔', fail: '✘', warn: '▲', no_data: '·' };

/** Why a result has no data, as a phrase; `whole` names the region's whole (全省, 全县 …). */
export function reasonWord(reason: NoDataReason | undefined, lang: Lang, whole: string): string {
  return word(`why:${reason ?? 'other'}`, lang, { whole });
}

/** A status in words. */
export function statusWord(status: Status, lang: Lang): string {
  return STATUS[status][lang];
}

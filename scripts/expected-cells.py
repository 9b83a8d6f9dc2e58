"""Writes the cells of workbooks as an independent reader sees them (openpyxl for .xlsx/.xlsm,
xlrd for .xls), shown by plan-check's rules: numbers to 15 significant digits, percents times
100 with '%', dates YYYY-MM-DD, date-times 'YYYY-MM-DD hh:mm', times 'hh:mm'. Run once when a
workbook is added to tests/corpora; its output is the expected JSON the suite compares with.

    /usr/bin/python3 scripts/expected-cells.py tests/corpora/workbooks/*.xlsx > expected.json
"""
import datetime, json, re, sys, warnings

warnings.simplefilter('ignore')


def decimal(value):
    if value == 0:
        return '0'
    shown = '%.15g' % value
    mantissa, _, exponent = shown.partition('e')
    exponent = exponent or '0'
    negative = mantissa.startswith('-')
    whole, _, fraction = mantissa.lstrip('-').partition('.')
    digits, point = whole + fraction, len(whole) + int(exponent)
    if point <= 0:
        text = '0.' + '0' * -point + digits
    elif point >= len(digits):
        text = digits + '0' * (point - len(digits))
    else:
        text = digits[:point] + '.' + digits[point:]
    if '.' in text:
        text = text.rstrip('0').rstrip('.')
    return ('-' if negative else '') + text


def clock(seconds):
    h, m, s = seconds // 3600, seconds // 60 % 60, seconds % 60
    return '%02d:%02d' % (h, m) if s == 0 else '%02d:%02d:%02d' % (h, m, s)


def shown(value, number_format):
    if value is None:
        return ''
    if isinstance(value, bool):
        return 'TRUE' if value else 'FALSE'
    if isinstance(value, datetime.datetime) and not re.search(r'[hs]', re.sub(r'"[^"]*"|\[[^\]]*\]', '', number_format or ''), re.I):
        return value.date().isoformat()
    if isinstance(value, datetime.datetime):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + round(value.microsecond / 1e6)
        return value.date().isoformat() + ('' if seconds == 0 else ' ' + clock(seconds))
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return clock(value.hour * 3600 + value.minute * 60 + value.second)
    if isinstance(value, datetime.timedelta):
        seconds = round(value.total_seconds())
        return '%d:%s' % (seconds // 3600, clock(seconds % 3600)[3:])
    if isinstance(value, (int, float)):
        section = (number_format or '').split(';')[0]
        if '%' in section.replace('"%"', ''):
            return decimal(value * 100) + '%'
        return decimal(value)
    # openpyxl leaves the OOXML escapes of control characters as they are stored; Excel shows them.
    return re.sub(r'_x([0-9A-Fa-f]{4})_', lambda m: chr(int(m.group(1), 16)), str(value))


def xlsx_cells(path):
    import openpyxl
    book = openpyxl.load_workbook(path, data_only=True)
    sheets = {}
    for sheet in book.worksheets:
        rows = []
        for row in sheet.iter_rows():
            cells = [shown(c.value, c.number_format) for c in row]
            while cells and cells[-1] == '':
                cells.pop()
            if cells:
                rows.append([row[0].row, cells])
        sheets[sheet.title] = rows
    return sheets


def xls_cells(path):
    import xlrd
    book = xlrd.open_workbook(path, formatting_info=True)
    sheets = {}
    for sheet in book.sheets():
        rows = []
        for r in range(sheet.nrows):
            cells = []
            for c, cell in enumerate(sheet.row(r)):
                value = cell.value
                fmt = book.format_map[book.xf_list[cell.xf_index].format_key].format_str
                if cell.ctype == xlrd.XL_CELL_DATE and re.search(r'\[[hms]+\]', fmt):
                    value = datetime.timedelta(days=value)
                elif cell.ctype == xlrd.XL_CELL_DATE:
                    value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    value = bool(value)
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    value = xlrd.error_text_from_code.get(value, '#N/A')
                elif cell.ctype == xlrd.XL_CELL_EMPTY or cell.ctype == xlrd.XL_CELL_BLANK:
                    value = None
                cells.append(shown(value, fmt))
            while cells and cells[-1] == '':
                cells.pop()
            if any(cells):
                rows.append([r + 1, cells])
        sheets[sheet.name] = rows
    return sheets


result = {}
for path in sys.argv[1:]:
    name = path.rsplit('/', 1)[-1]
    try:
        result[name] = xls_cells(path) if name.endswith('.xls') else xlsx_cells(path)
    except Exception as error:  # noqa: BLE001 - a file the reference reader refuses is recorded as such
        result[name] = {'error': type(error).__name__}
json.dump(result, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)

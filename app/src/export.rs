//! Ledger exports for finance offices: CSV (UTF-8 with BOM, so Excel reads the Chinese) and .xlsx.
//! Amounts are written twice: yuan for reading, integer fen for reconciling to the fen.

use crate::domain::money::format_yuan;
use crate::i18n::{translate, Locale};
use crate::model::rewards::{Ledger, PayoutSource};
use crate::model::shanghai_time;

const HEADERS: [&str; 11] = [
    "reward.date",
    "reward.person",
    "field.team",
    "reward.source",
    "project.studio",
    "reward.kind",
    "reward.amount_yuan",
    "export.amount_fen",
    "reward.basis",
    "field.status",
    "export.line_id",
];

fn row(locale: Locale, l: &crate::model::rewards::PayoutLine) -> [String; 11] {
    [
        shanghai_time(l.created_at),
        l.person.name.clone(),
        l.person.team_name.clone(),
        l.source.title(),
        match &l.source {
            PayoutSource::Project { studio_name, .. } => studio_name.clone().unwrap_or_default(),
            PayoutSource::Event { .. } => String::new(),
        },
        translate(locale, l.kind.label_key()),
        format_yuan(l.amount_fen).replace(',', ""),
        l.amount_fen.0.to_string(),
        l.basis(locale),
        translate(locale, l.status.label_key()),
        l.id.to_string(),
    ]
}

/// A CSV cell. One that a spreadsheet would read as a formula (starting with = + - @, a tab or a
/// carriage return: a project titled `=HYPERLINK(…)`) is written as text, behind an apostrophe.
fn csv_field(s: &str) -> String {
    let s = &if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub fn ledger_csv(locale: Locale, ledger: &Ledger) -> String {
    let mut out = String::from("\u{feff}");
    let line = |cells: Vec<String>| cells.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(",") + "\r\n";
    out.push_str(&line(HEADERS.iter().map(|k| translate(locale, k)).collect()));
    for l in &ledger.lines {
        out.push_str(&line(row(locale, l).to_vec()));
    }
    let mut total = vec![String::new(); 11];
    total[0] = translate(locale, "reward.total");
    total[6] = format_yuan(ledger.total_fen).replace(',', "");
    total[7] = ledger.total_fen.0.to_string();
    out.push_str(&line(total));
    out
}

pub fn ledger_xlsx(locale: Locale, ledger: &Ledger) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Formula, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(translate(locale, "nav.rewards"))?;
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    let mut w = Widths::default();
    write_heads(sheet, &mut w, &HEADERS, locale, &bold)?;
    for (i, l) in ledger.lines.iter().enumerate() {
        let r = i as u32 + 1;
        for (c, cell) in row(locale, l).iter().enumerate() {
            w.note(c as u16, cell);
            match c {
                // Yuan as a number for Excel arithmetic (display format two decimals); the exact
                // integer fen sits beside it.
                6 => sheet.write_number_with_format(r, 6, l.amount_fen.0 as f64 / 100.0, &money)?,
                7 => sheet.write_number(r, 7, l.amount_fen.0 as f64)?,
                _ => sheet.write_string(r, c as u16, cell)?,
            };
        }
    }
    let last = ledger.lines.len() as u32;
    let total_row = last + 1;
    sheet.write_string_with_format(total_row, 0, translate(locale, "reward.total"), &bold)?;
    let (yuan, fen) = (ledger.total_fen.0 as f64 / 100.0, ledger.total_fen.0 as f64);
    sheet.write_formula_with_format(
        total_row,
        6,
        Formula::new(format!("=SUM(G2:G{})", last + 1)).set_result(yuan.to_string()),
        &money,
    )?;
    sheet.write_formula(total_row, 7, Formula::new(format!("=SUM(H2:H{})", last + 1)).set_result(fen.to_string()))?;
    w.note(6, &format_yuan(ledger.total_fen));
    w.note(7, &ledger.total_fen.0.to_string());
    w.apply(sheet)?;
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_text_is_counted_twice_as_wide() {
        assert_eq!(display_width("王建华"), 6);
        assert_eq!(display_width("e100013"), 7);
        assert_eq!(display_width("变电检修一班 A"), 14);
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("-1+1"), "'-1+1");
    }
}

/// A round's results as .xlsx: a sheet of ranks and scores, and a sheet of every mark with the
/// arithmetic it went through. Scores are written as the exact text the results page shows (never
/// through a float).
pub fn results_xlsx(
    locale: Locale,
    res: &crate::model::competitions::RoundResults,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use crate::model::competitions::tier_key;
    use rust_xlsxwriter::{Format, Workbook};
    let t = |k: &str| translate(locale, k);
    let decimals = res.scheme.decimals;
    let judge = |id: i64| res.judges.iter().find(|j| j.0 == id).map(|j| j.1.clone()).unwrap_or_default();
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();

    let sheet = book.add_worksheet();
    sheet.set_name(t("results.title"))?;
    let heads = [
        "results.rank",
        "results.contestant",
        "field.team",
        "results.award",
        "results.deductions",
        "results.exact",
        "results.score",
    ];
    let mut w = Widths::default();
    write_heads(sheet, &mut w, &heads, locale, &bold)?;
    for (i, row) in res.rows.iter().enumerate() {
        let r = i as u32 + 1;
        let s = &row.score;
        w.text(sheet, r, 0, row.rank.map(|x| x.to_string()).unwrap_or_default())?;
        w.text(sheet, r, 1, &row.name)?;
        w.text(sheet, r, 2, &row.team_name)?;
        w.text(sheet, r, 3, row.tier.map(|x| t(tier_key(x))).unwrap_or_default())?;
        w.text(sheet, r, 4, s.deductions.to_string())?;
        w.text(sheet, r, 5, s.exact.to_string())?;
        w.text(sheet, r, 6, if s.complete { s.published.to_fixed(decimals) } else { t("results.incomplete") })?;
    }
    w.apply(sheet)?;

    let marks = book.add_worksheet();
    marks.set_name(t("results.marks_sheet"))?;
    let heads = [
        "results.contestant",
        "results.attempt",
        "results.criterion",
        "results.judge",
        "results.mark",
        "results.dropped",
        "results.aggregate",
        "results.weight",
        "results.weighted",
    ];
    let mut w = Widths::default();
    write_heads(marks, &mut w, &heads, locale, &bold)?;
    let mut r = 1u32;
    for row in &res.rows {
        for a in &row.score.attempts {
            for c in &a.criteria {
                let name = res.scheme.criteria.get(c.criterion).map(|k| k.name.clone()).unwrap_or_default();
                for m in &c.marks {
                    w.text(marks, r, 0, &row.name)?;
                    w.text(marks, r, 1, a.attempt.to_string())?;
                    w.text(marks, r, 2, &name)?;
                    w.text(marks, r, 3, judge(m.judge))?;
                    w.text(marks, r, 4, m.value.to_string())?;
                    w.text(marks, r, 5, if m.dropped { t("results.dropped") } else { String::new() })?;
                    w.text(marks, r, 6, c.aggregate.to_string())?;
                    w.text(marks, r, 7, c.weight.to_string())?;
                    w.text(marks, r, 8, c.weighted.to_string())?;
                    r += 1;
                }
            }
        }
    }
    w.apply(marks)?;
    book.save_to_buffer()
}

/// A bold header row of translated column names.
fn write_heads(
    sheet: &mut rust_xlsxwriter::Worksheet,
    widths: &mut Widths,
    keys: &[&str],
    locale: Locale,
    bold: &rust_xlsxwriter::Format,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    for (c, k) in keys.iter().enumerate() {
        let text = translate(locale, k);
        widths.note(c as u16, &text);
        sheet.write_string_with_format(0, c as u16, text, bold)?;
    }
    Ok(())
}

/// Column widths that fit what was written. A Chinese character takes about twice the width of a
/// Latin one (the writer's own autofit counts them alike, and clips names and statuses).
#[derive(Default)]
struct Widths(Vec<usize>);

impl Widths {
    /// Writes `text` at (`r`, `c`) and remembers how wide it is.
    fn text(
        &mut self,
        sheet: &mut rust_xlsxwriter::Worksheet,
        r: u32,
        c: u16,
        text: impl AsRef<str>,
    ) -> Result<(), rust_xlsxwriter::XlsxError> {
        self.note(c, text.as_ref());
        sheet.write_string(r, c, text.as_ref())?;
        Ok(())
    }

    fn note(&mut self, c: u16, text: &str) {
        let c = c as usize;
        if self.0.len() <= c {
            self.0.resize(c + 1, 0);
        }
        self.0[c] = self.0[c].max(display_width(text));
    }

    /// Sets each column to its widest text, with a little room, up to a readable maximum
    /// (longer text wraps in Excel rather than making a column the width of a paragraph).
    fn apply(&self, sheet: &mut rust_xlsxwriter::Worksheet) -> Result<(), rust_xlsxwriter::XlsxError> {
        for (c, w) in self.0.iter().enumerate() {
            sheet.set_column_width(c as u16, (w + 2).clamp(6, 60) as f64)?;
        }
        Ok(())
    }
}

/// How many Latin character widths a text takes: East Asian wide characters count two.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

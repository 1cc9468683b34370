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

fn csv_field(s: &str) -> String {
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
    write_heads(sheet, &HEADERS, locale, &bold)?;
    for (i, l) in ledger.lines.iter().enumerate() {
        let r = i as u32 + 1;
        for (c, cell) in row(locale, l).iter().enumerate() {
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
    sheet.autofit();
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_quoting() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
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
    write_heads(sheet, &heads, locale, &bold)?;
    for (i, row) in res.rows.iter().enumerate() {
        let r = i as u32 + 1;
        let s = &row.score;
        sheet.write_string(r, 0, row.rank.map(|x| x.to_string()).unwrap_or_default())?;
        sheet.write_string(r, 1, &row.name)?;
        sheet.write_string(r, 2, &row.team_name)?;
        sheet.write_string(r, 3, row.tier.map(|x| t(tier_key(x))).unwrap_or_default())?;
        sheet.write_string(r, 4, s.deductions.to_string())?;
        sheet.write_string(r, 5, s.exact.to_string())?;
        sheet.write_string(r, 6, if s.complete { s.published.to_fixed(decimals) } else { t("results.incomplete") })?;
    }
    sheet.autofit();

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
    write_heads(marks, &heads, locale, &bold)?;
    let mut r = 1u32;
    for row in &res.rows {
        for a in &row.score.attempts {
            for c in &a.criteria {
                let name = res.scheme.criteria.get(c.criterion).map(|k| k.name.clone()).unwrap_or_default();
                for m in &c.marks {
                    marks.write_string(r, 0, &row.name)?;
                    marks.write_string(r, 1, a.attempt.to_string())?;
                    marks.write_string(r, 2, &name)?;
                    marks.write_string(r, 3, judge(m.judge))?;
                    marks.write_string(r, 4, m.value.to_string())?;
                    marks.write_string(r, 5, if m.dropped { t("results.dropped") } else { String::new() })?;
                    marks.write_string(r, 6, c.aggregate.to_string())?;
                    marks.write_string(r, 7, c.weight.to_string())?;
                    marks.write_string(r, 8, c.weighted.to_string())?;
                    r += 1;
                }
            }
        }
    }
    marks.autofit();
    book.save_to_buffer()
}

/// A bold header row of translated column names.
fn write_heads(
    sheet: &mut rust_xlsxwriter::Worksheet,
    keys: &[&str],
    locale: Locale,
    bold: &rust_xlsxwriter::Format,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    for (c, k) in keys.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, translate(locale, k), bold)?;
    }
    Ok(())
}

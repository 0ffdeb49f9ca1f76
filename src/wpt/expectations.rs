//! The expectations file: each test's expected status and subtest counts,
//! so a run that differs in either direction (a regression, or a fix not
//! yet recorded) fails. One line per test:
//! `ID STATUS PASSED/TOTAL [note]`; `#` starts a comment line.

use std::collections::BTreeMap;

use super::page::{Outcome, Status};

/// One expected result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected {
    pub status: Status,
    pub passed: usize,
    pub total: usize,
}

/// Read an expectations file.
pub fn parse(text: &str) -> Result<BTreeMap<String, Expected>, String> {
    let mut map = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |what: &str| format!("expectations line {}: {what}: {line}", n + 1);
        let mut parts = line.split_whitespace();
        let (Some(id), Some(status), Some(counts)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(bad("expected `ID STATUS PASSED/TOTAL [note]`"));
        };
        let status = Status::parse(status).ok_or_else(|| bad("unknown status"))?;
        let (passed, total) = counts
            .split_once('/')
            .and_then(|(p, t)| Some((p.parse().ok()?, t.parse().ok()?)))
            .ok_or_else(|| bad("counts are PASSED/TOTAL"))?;
        if map
            .insert(
                id.to_owned(),
                Expected {
                    status,
                    passed,
                    total,
                },
            )
            .is_some()
        {
            return Err(bad("listed twice"));
        }
    }
    Ok(map)
}

/// An expectations file for these outcomes (the note: why a test is not a
/// pass, shortened).
pub fn write(outcomes: &[Outcome], header: &str) -> String {
    let mut out = String::from(header);
    let width = outcomes
        .iter()
        .map(|o| o.id.len())
        .max()
        .unwrap_or(0)
        .min(64);
    for o in outcomes {
        let counts = format!("{}/{}", o.passed, o.total);
        let mut line = format!("{:<width$} {:<7} {:>7}", o.id, o.status.name(), counts);
        if let Some(m) = &o.message {
            let m: String = m.split_whitespace().collect::<Vec<_>>().join(" ");
            let short: String = m.chars().take(120).collect();
            line.push_str("  ");
            line.push_str(&short);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Every difference between the outcomes and what is expected of the tests
/// that ran (a test that ran and is not listed is one too).
pub fn compare(outcomes: &[Outcome], expected: &BTreeMap<String, Expected>) -> Vec<String> {
    let mut diffs = Vec::new();
    for o in outcomes {
        let got = Expected {
            status: o.status,
            passed: o.passed,
            total: o.total,
        };
        match expected.get(&o.id) {
            None => diffs.push(format!(
                "{}: not in the expectations (got {} {}/{})",
                o.id,
                o.status.name(),
                o.passed,
                o.total
            )),
            Some(e) if *e != got => diffs.push(format!(
                "{}: expected {} {}/{}, got {} {}/{}{}",
                o.id,
                e.status.name(),
                e.passed,
                e.total,
                o.status.name(),
                o.passed,
                o.total,
                o.message
                    .as_deref()
                    .map(|m| format!(" ({})", m.chars().take(200).collect::<String>()))
                    .unwrap_or_default()
            )),
            Some(_) => {}
        }
    }
    diffs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(id: &str, status: Status, passed: usize, total: usize) -> Outcome {
        Outcome {
            id: id.into(),
            status,
            passed,
            total,
            message: Some("why\nnot".into()),
            subtests: Vec::new(),
            seconds: 0.0,
        }
    }

    #[test]
    fn a_written_file_reads_back_and_any_change_is_a_difference() {
        let runs = vec![
            outcome("dom/a.html", Status::Pass, 3, 3),
            outcome("dom/b.html", Status::Fail, 1, 4),
        ];
        let text = write(&runs, "# header\n");
        assert!(text.contains("why not"), "{text}");
        let expected = parse(&text).unwrap();
        assert!(compare(&runs, &expected).is_empty());
        // Better and worse both differ.
        let fixed = vec![outcome("dom/b.html", Status::Pass, 4, 4)];
        assert_eq!(compare(&fixed, &expected).len(), 1);
        let worse = vec![outcome("dom/a.html", Status::Fail, 2, 3)];
        assert_eq!(compare(&worse, &expected).len(), 1);
        let new = vec![outcome("dom/c.html", Status::Pass, 1, 1)];
        assert!(compare(&new, &expected)[0].contains("not in the expectations"));
        assert!(parse("dom/a.html PASS").is_err());
        assert!(parse("dom/a.html MAYBE 1/1").is_err());
    }
}

//! National holidays (libur nasional) and collective leave days (cuti bersama), from the yearly
//! joint decree of three ministers (SKB 3 Menteri), as `data/calendar/holidays-YYYY.toml`.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::source::{Confidence, Source};
use crate::text::Text;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HolidayKind {
    /// A national public holiday: every MPP is closed.
    LiburNasional,
    /// Collective leave for civil servants: MPPs close, or open half a day where they say so.
    CutiBersama,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    #[serde(with = "crate::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: NaiveDate,
    pub kind: HolidayKind,
    pub name: Text,
    /// `medium` for dates still subject to the isbat (Idulfitri, Iduladha) or transcribed second-hand.
    #[serde(default)]
    pub confidence: Confidence,
}

/// One year's decree, as one data file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidayYear {
    pub year: i32,
    /// The decree, e.g. "SKB Menag, Menaker, MenPANRB No. 1497/2025, 2/2025, 5/2025".
    pub decree: String,
    #[serde(default)]
    pub confidence: Confidence,
    pub sources: Vec<Source>,
    pub days: Vec<Holiday>,
}

impl HolidayYear {
    /// Problems with the file: days outside the year, a date twice, no source.
    pub fn validate(&self) -> Vec<(String, String)> {
        let mut problems = Vec::new();
        if self.sources.is_empty() {
            problems.push(("sources".into(), "needs at least one source".into()));
        }
        for (i, day) in self.days.iter().enumerate() {
            if day.date.year() != self.year {
                problems.push((format!("days[{i}].date"), format!("{} is not in {}", day.date, self.year)));
            }
            if self.days[..i].iter().any(|other| other.date == day.date) {
                problems.push((format!("days[{i}].date"), format!("{} is listed twice", day.date)));
            }
            if !day.name.is_complete() {
                problems.push((format!("days[{i}].name"), "needs both `id` and `en` text".into()));
            }
            // The app writes the kind before the name ("Cuti bersama: Idulfitri").
            let repeats = |text: &str| {
                let text = text.to_ascii_lowercase();
                ["cuti bersama", "collective leave", "libur nasional", "public holiday"]
                    .iter()
                    .any(|k| text.contains(k))
            };
            if repeats(&day.name.id) || repeats(&day.name.en) {
                problems.push((
                    format!("days[{i}].name"),
                    "names the occasion only: the app says whether it is libur nasional or cuti bersama".into(),
                ));
            }
        }
        problems
    }
}

/// Every known holiday, for looking days up.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holidays {
    /// Ordered by date.
    pub days: Vec<Holiday>,
    /// The years covered: outside them the calendar knows no holidays and says so.
    pub years: Vec<i32>,
}

impl Holidays {
    pub fn from_years(years: Vec<HolidayYear>) -> Holidays {
        let mut days: Vec<Holiday> = years.iter().flat_map(|y| y.days.iter().cloned()).collect();
        days.sort_by_key(|d| d.date);
        let mut covered: Vec<i32> = years.iter().map(|y| y.year).collect();
        covered.sort_unstable();
        Holidays { days, years: covered }
    }

    pub fn on(&self, date: NaiveDate) -> Option<&Holiday> {
        self.days.binary_search_by_key(&date, |d| d.date).ok().map(|i| &self.days[i])
    }

    /// Whether holidays are known for that date's year.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.years.contains(&date.year())
    }
}

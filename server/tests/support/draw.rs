//! A copy of the seed data with one counter in draw mode (MPP Tomohon's immigration counter, its
//! monthly release drawn over 60 minutes), and the moments of its next draw window.

use std::path::Path;

use antrean_core::calendar::CounterCalendar;
use antrean_core::draw::DrawWindow;
use antrean_server::Config;
use chrono::{DateTime, Utc};

pub const MPP: &str = "mpp-tomohon";
pub const COUNTER: &str = "imigrasi";
pub const SERVICE: &str = "paspor-baru-dewasa";

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The seed data in `dir/data`, Tomohon's immigration counter in draw mode: the README's recipe.
pub fn data_in_draw_mode(dir: &Path) -> std::path::PathBuf {
    let data = dir.join("data");
    copy_folder(&super::seed_data(), &data);
    let file = data.join("directory/mpp-tomohon.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let policy = "release = { kind = \"monthly_last_working_day\", at = \"09:00\" }";
    assert_eq!(text.matches(policy).count(), 1, "the test expects one monthly release in {}", file.display());
    let drawn =
        text.replace(policy, "release = { kind = \"monthly_last_working_day\", at = \"09:00\", draw_minutes = 60 }");
    std::fs::write(&file, drawn).unwrap();
    data
}

/// A test configuration on the draw-mode data.
pub fn config(dir: &Path) -> Config {
    let mut config = super::config_in(dir);
    config.data = data_in_draw_mode(dir);
    config
}

/// The next window to open after `now` (by the server's rules, read from the same data).
pub fn next_window(config: &Config, now: DateTime<Utc>) -> DrawWindow {
    let seed = antrean_core::data::load(&config.data).unwrap();
    let mpp = seed.mpps.iter().find(|m| m.id.as_str() == MPP).unwrap();
    let counter = mpp.counters.iter().find(|c| c.id == COUNTER).unwrap();
    let calendar = CounterCalendar { mpp, counter, holidays: &seed.holidays };
    let mut after = now;
    loop {
        let windows = calendar.draw_windows_around(after);
        if let Some(window) = windows.into_iter().find(|w| w.opens_at > now) {
            return window;
        }
        after += chrono::Duration::days(20);
    }
}

/// The draw's path under the API.
pub fn path(window: &DrawWindow) -> String {
    format!("/api/v1/draws/{}", window.id(MPP, COUNTER, SERVICE))
}

/// An entry's request body.
pub fn entry(nik: &str, preference: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "applicant": { "full_name": "Siti Nurhaliza", "nik": nik, "mobile": "0812-3456-7890" },
        "preference": preference,
        "answers": super::answers_for(SERVICE),
    })
}

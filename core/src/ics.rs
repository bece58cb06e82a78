//! An RFC 5545 calendar file for a booking ("Tambah ke kalender"), made on the device. The event is
//! written in the MPP's own zone (with a VTIMEZONE of its fixed offset: Indonesia has no daylight
//! saving time), so a calendar shows 09:00 WITA as 09:00 WITA, or as 10:00 in a WIB phone's agenda.

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::api::Booking;
use crate::text::Language;

/// The words of the event's description, in the app's language (the app's i18n provides them).
#[derive(Clone, Copy, Debug)]
pub struct IcsLabels<'a> {
    /// "Kode pesanan" / "Booking code".
    pub code: &'a str,
    /// "Bawa" / "Bring".
    pub bring: &'a str,
}

/// The `.ics` text of one booking (CRLF line ends, long lines folded at 75 octets).
pub fn booking_calendar(booking: &Booking, language: Language, labels: IcsLabels<'_>, now: DateTime<Utc>) -> String {
    let zone = booking.slot.zone;
    let offset = zone.utc_offset_seconds() / 60;
    let offset = format!("+{:02}{:02}", offset / 60, offset % 60);
    let mut description = format!("{}: {}", labels.code, booking.code.as_str());
    if !booking.bring.is_empty() {
        description.push_str(&format!("\n{}:", labels.bring));
        for item in &booking.bring {
            description.push_str(&format!("\n- {}", item.what.get(language)));
        }
    }
    let summary = format!("{} · {}", booking.service_name.get(language), booking.mpp.name);
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Antrean//Mal Pelayanan Publik//ID".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        "BEGIN:VTIMEZONE".to_owned(),
        format!("TZID:{}", zone.iana()),
        "BEGIN:STANDARD".to_owned(),
        "DTSTART:19700101T000000".to_owned(),
        format!("TZOFFSETFROM:{offset}"),
        format!("TZOFFSETTO:{offset}"),
        format!("TZNAME:{}", zone.label()),
        "END:STANDARD".to_owned(),
        "END:VTIMEZONE".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}@antrean", booking.code.as_str()),
        format!("DTSTAMP:{}Z", stamp(&now.naive_utc())),
        format!("DTSTART;TZID={}:{}", zone.iana(), stamp(&booking.slot.start)),
        format!("DTEND;TZID={}:{}", zone.iana(), stamp(&booking.slot.end)),
        format!("SUMMARY:{}", escape(&summary)),
        format!("LOCATION:{}", escape(&format!("{}, {}", booking.mpp.name, booking.mpp.address))),
        format!("DESCRIPTION:{}", escape(&description)),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    let mut text = String::new();
    for line in lines {
        fold_into(&mut text, &line);
    }
    text
}

/// `20261201T090000`.
fn stamp(local: &NaiveDateTime) -> String {
    crate::iso_time::compact(local, "", "")
}

/// RFC 5545 §3.3.11: backslash, semicolon, comma and newline are escaped in TEXT values.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\n' => escaped.push_str("\\n"),
            '\r' => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// RFC 5545 §3.1: lines longer than 75 octets continue on the next line after CRLF and a space,
/// never splitting a UTF-8 character.
fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{BookedSlot, BookingStatus, BringItem, MppSummary};
    use crate::catalogue::DocumentForm;
    use crate::text::Text;
    use crate::zone::Zone;

    fn booking() -> Booking {
        let mpp: MppSummary = serde_json::from_value(serde_json::json!({
            "id": "mpp-tomohon", "name": "MPP Kota Tomohon \"Wale Kabasaran\"", "province": "71",
            "province_name": "Sulawesi Utara", "regency": "71.73", "regency_name": "Kota Tomohon",
            "zone": "Asia/Makassar", "address": "Gedung Wale Kabasaran, Kota Tomohon, Sulawesi Utara",
            "confidence": "high", "hours": {}
        }))
        .unwrap();
        Booking {
            code: crate::booking_code::BookingCode::from_random(7),
            manage_token: None,
            status: BookingStatus::Active,
            slot: BookedSlot {
                start_utc: "2026-12-01T01:00:00Z".parse().unwrap(),
                start: "2026-12-01T09:00:00".parse().unwrap(),
                end: "2026-12-01T09:30:00".parse().unwrap(),
                zone: Zone::Makassar,
            },
            mpp,
            counter: "imigrasi".into(),
            counter_name: Text::default(),
            service: "paspor-baru-anak".into(),
            service_name: Text { id: "Paspor anak".into(), en: "Child's passport".into() },
            bring: vec![BringItem {
                what: Text { id: "Akta kelahiran anak; asli".into(), en: "Birth certificate".into() },
                form: DocumentForm::Original,
                copies: 0,
            }],
            qr_svg: None,
            proof: None,
            visit: None,
        }
    }

    #[test]
    fn the_event_is_at_the_mpps_local_time_in_its_zone() {
        let labels = IcsLabels { code: "Kode pesanan", bring: "Bawa" };
        let now = "2026-11-23T10:00:00Z".parse().unwrap();
        let text = booking_calendar(&booking(), Language::Id, labels, now);
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(text.lines().all(|line| line.len() <= 76), "folded:\n{text}");
        assert!(!text.replace("\r\n", "").contains('\n'), "only CRLF line ends");
        let unfolded = text.replace("\r\n ", "");
        for expected in [
            "TZID:Asia/Makassar",
            "TZOFFSETFROM:+0800",
            "TZNAME:WITA",
            "DTSTART;TZID=Asia/Makassar:20261201T090000",
            "DTEND;TZID=Asia/Makassar:20261201T093000",
            "DTSTAMP:20261123T100000Z",
            "SUMMARY:Paspor anak · MPP Kota Tomohon \"Wale Kabasaran\"",
            "LOCATION:MPP Kota Tomohon \"Wale Kabasaran\"\\, Gedung Wale Kabasaran\\, Kota Tomohon\\, Sulawesi Utara",
            "\\nBawa:\\n- Akta kelahiran anak\\; asli",
        ] {
            assert!(unfolded.contains(expected), "missing {expected} in\n{unfolded}");
        }
    }

    #[test]
    fn long_lines_fold_without_splitting_characters() {
        let mut out = String::new();
        fold_into(&mut out, &"é".repeat(100));
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        assert_eq!(out.replace("\r\n ", "").trim_end(), "é".repeat(100));
    }
}

//! The booking's signed proof in every booking answer (its text, and the QR code that holds it),
//! the visit computed from the clock, and `GET /api/v1/proof-key`, the public key a counter's
//! screen keeps to check proofs offline.

use antrean_core::api::Booking;
use antrean_core::directory::MppId;
use antrean_core::ids::{CounterId, ServiceId};
use antrean_core::proof::{Claims, PublishedKey};
use antrean_core::visit::{CheckInWindow, CheckedIn, Visit};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};

use crate::cached::CachedJson;
use crate::error::ApiError;
use crate::AppState;

/// How long a client may keep the key without asking again: it changes only with the secret.
const KEY_MAX_AGE_SECONDS: u32 = 86_400;

/// What a booking's proof signs, read from the booking itself.
fn claims(booking: &Booking) -> Option<Claims> {
    Some(Claims {
        code: booking.code.clone(),
        mpp: booking.mpp.id.clone(),
        counter: CounterId::new(booking.counter.as_str()).ok()?,
        service: ServiceId::new(booking.service.as_str()).ok()?,
        slot_start: booking.slot.start_utc,
    })
}

/// The check-in window of the booking's counter, as the seed data sets it (the defaults for a
/// counter no longer in the data).
pub fn window_of(state: &AppState, mpp: &MppId, counter: &str) -> CheckInWindow {
    state
        .seed
        .mpps
        .iter()
        .find(|m| &m.id == mpp)
        .and_then(|m| m.counter(counter))
        .map_or_else(CheckInWindow::default, antrean_core::schedule::Counter::check_in_window)
}

/// Adds to a booking answer what is derived, not stored: the signed proof and its QR code, and
/// for an active booking its visit as of `now`. The QR code always holds the proof (a booking
/// stored with a QR code of the bare code, before proofs, gets the new one).
pub fn complete(state: &AppState, booking: &mut Booking, checked_in: Option<CheckedIn>, now: DateTime<Utc>) {
    match claims(booking) {
        Some(claims) => {
            let proof = state.storage.proof_signer().sign(&claims).to_string();
            booking.qr_svg = Some(qr_svg(&proof));
            booking.proof = Some(proof);
        }
        // Ids from the database are checked slugs; never fail an answer over its picture.
        None => {
            booking.qr_svg.get_or_insert_with(|| qr_svg(booking.code.as_str()));
        }
    }
    booking.visit = (booking.status == antrean_core::api::BookingStatus::Active).then(|| {
        let window = window_of(state, &booking.mpp.id, &booking.counter);
        Visit::at(window, booking.slot.start_utc, checked_in, now)
    });
}

/// The QR code's modules, row by row, and its width, masked with one fixed pattern. `qrcode`'s
/// own choice scores all eight mask patterns with the standard's penalty rules, which took 1.6 ms
/// per proof (a version-10 code), most of a booking's CPU, against 34 µs for one pattern. The
/// pattern only evens out dark and light modules for the scanner: any of the eight is a valid
/// code, and the checkerboard's alternation keeps large blocks of one colour rare.
fn qr_modules(text: &str) -> Option<(usize, Vec<qrcode::Color>)> {
    use qrcode::canvas::{Canvas, MaskPattern};
    let ec_level = qrcode::EcLevel::M;
    let bits = qrcode::bits::encode_auto(text.as_bytes(), ec_level).ok()?;
    let version = bits.version();
    let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, ec_level).ok()?;
    let mut canvas = Canvas::new(version, ec_level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    canvas.apply_mask(MaskPattern::Checkerboard);
    Some((usize::try_from(version.width()).ok()?, canvas.into_colors()))
}

/// Modules of white around a QR code, as the standard asks.
const QUIET_ZONE: usize = 4;
/// The smallest side of the QR code's SVG in pixels (it scales without loss).
const MIN_PIXELS: usize = 200;

/// Text as a QR code (error correction M, which survives a scratched ticket): an SVG of black
/// modules on white with the quiet zone, sized for a phone screen and a printed ticket alike.
/// Drawn one module to a unit, each run of dark modules in a row as one rectangle: a proof's
/// code is about 8 KB this way, against 22 KB as `qrcode`'s own SVG (a path per module).
pub fn qr_svg(text: &str) -> String {
    use std::fmt::Write as _;
    // A proof (about 200 characters) always fits; never fail a booking over its picture.
    let Some((width, colors)) = qr_modules(text) else { return String::new() };
    let size = width + 2 * QUIET_ZONE;
    let pixels = MIN_PIXELS.div_ceil(size) * size;
    let mut path = String::with_capacity(width * width * 3);
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == qrcode::Color::Dark {
                let start = x;
                while x < width && row[x] == qrcode::Color::Dark {
                    x += 1;
                }
                let _ =
                    write!(path, "M{} {}h{}v1H{}z", start + QUIET_ZONE, y + QUIET_ZONE, x - start, start + QUIET_ZONE);
            } else {
                x += 1;
            }
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{pixels}\" height=\"{pixels}\" viewBox=\"0 0 {size} {size}\" \
         shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path fill=\"#000\" d=\"{path}\"/></svg>"
    )
}

#[utoipa::path(get, path = "/api/v1/proof-key", tag = "visit",
    params(("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier answer")),
    responses(
        (status = 200, description = "The deploy's Ed25519 public key that signs booking proofs, with its id; cacheable for a day", body = PublishedKey),
        (status = 304, description = "Not modified"),
    ))]
pub async fn key(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match CachedJson::new(&PublishedKey::of(state.storage.proof_signer().public())) {
        Ok(answer) => answer.respond(&headers, KEY_MAX_AGE_SECONDS),
        Err(error) => ApiError::Storage(error.into()).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fixed mask still makes a code that a decoder reads back: a proof's worth of text, drawn
    /// four pixels to a module with its quiet zone, decoded by rqrr.
    #[test]
    fn a_proof_sized_code_with_the_fixed_mask_reads_back() {
        let text = format!("AQ1.{}", "K7MQ2XRAPBCDEFGHJ3456789".repeat(8));
        let (width, colors) = qr_modules(&text).unwrap();
        let side = (width + 2 * QUIET_ZONE) * 4;
        let dark = |x: usize, y: usize| {
            let (mx, my) = ((x / 4).checked_sub(QUIET_ZONE), (y / 4).checked_sub(QUIET_ZONE));
            matches!((mx, my), (Some(mx), Some(my)) if mx < width && my < width && colors[my * width + mx] == qrcode::Color::Dark)
        };
        let mut image =
            rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| if dark(x, y) { 0 } else { 255 });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, content) = grids[0].decode().unwrap();
        assert_eq!(content, text);
    }

    #[test]
    fn the_qr_code_is_one_path_of_runs_on_white_with_its_quiet_zone() {
        let svg = qr_svg("AQ1.ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"") && svg.ends_with("\"/></svg>"),
            "{svg}"
        );
        // Version 2 (25 modules; alphanumeric mode) and the quiet zone: 33 units, at 7 pixels a unit.
        assert!(svg.contains("width=\"231\" height=\"231\" viewBox=\"0 0 33 33\""), "{svg}");
        // The finder pattern's top row: seven dark modules from the quiet zone's edge.
        assert!(svg.contains("M4 4h7v1H4z"), "{svg}");
        assert_eq!(svg.matches("<path").count(), 1);
        assert!(!svg.contains("<script"));
    }
}

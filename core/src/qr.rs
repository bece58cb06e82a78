//! Text as a QR code, drawn as a small SVG: the booking proof's code (made by the server) and the
//! link that carries a draw entry from a kiosk to a phone (made by the app, in a chunk of its own).

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
/// Drawn one module to a unit, each run of dark modules in a row as a line one unit wide along
/// the row's middle (`M4 4.5h7`), the next run of the row a move from the end of the last
/// (`m2 0h3`): a proof's code is about 4 KB this way, against 8 KB as a rectangle per run and
/// 22 KB as `qrcode`'s own SVG (a path per module). Every booking answer carries one, so its size
/// is bytes to write, to escape in JSON and to send on every booking.
pub fn svg(text: &str) -> String {
    // A proof (about 200 characters) always fits; never fail a booking over its picture.
    let Some((width, colors)) = qr_modules(text) else { return String::new() };
    let size = width + 2 * QUIET_ZONE;
    let pixels = MIN_PIXELS.div_ceil(size) * size;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{pixels}\" height=\"{pixels}\" viewBox=\"0 0 {size} {size}\" \
         shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path stroke=\"#000\" d=\""
    );
    svg.reserve(width * width);
    let mut numbers = itoa::Buffer::new();
    for (y, row) in colors.chunks(width).enumerate() {
        // Where the pen is in this row: None before the row's first run.
        let mut pen: Option<usize> = None;
        let mut x = 0;
        while x < width {
            if row[x] != qrcode::Color::Dark {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] == qrcode::Color::Dark {
                x += 1;
            }
            match pen {
                Some(end) => {
                    svg.push('m');
                    svg.push_str(numbers.format(start - end));
                    svg.push_str(" 0h");
                }
                None => {
                    svg.push('M');
                    svg.push_str(numbers.format(start + QUIET_ZONE));
                    svg.push(' ');
                    svg.push_str(numbers.format(y + QUIET_ZONE));
                    svg.push_str(".5h");
                }
            }
            svg.push_str(numbers.format(x - start));
            pen = Some(x);
        }
    }
    svg.push_str("\"/></svg>");
    svg
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

    /// The path, drawn back into modules (each `h` a line along a row's middle, one unit wide),
    /// gives every dark module of the code and no other.
    #[test]
    fn the_path_draws_exactly_the_dark_modules() {
        let text = format!("AQ1.{}", "K7MQ2XRAPBCDEFGHJ3456789".repeat(8));
        let (width, colors) = qr_modules(&text).unwrap();
        let svg = svg(&text);
        let path = svg.split(" d=\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap();
        let mut drawn = vec![false; width * width];
        let (mut x, mut y) = (0usize, 0usize);
        let mut rest = path;
        while let Some(command) = rest.chars().next() {
            let end = rest[1..].find(|c: char| c.is_ascii_alphabetic()).map_or(rest.len(), |i| i + 1);
            let arguments: Vec<&str> = rest[1..end].split(' ').collect();
            match command {
                'M' => {
                    x = arguments[0].parse().unwrap();
                    y = arguments[1].strip_suffix(".5").unwrap().parse().unwrap();
                }
                'm' => {
                    assert_eq!(arguments[1], "0", "a move stays in its row");
                    x += arguments[0].parse::<usize>().unwrap();
                }
                'h' => {
                    for column in x..x + arguments[0].parse::<usize>().unwrap() {
                        drawn[(y - QUIET_ZONE) * width + column - QUIET_ZONE] = true;
                    }
                    x += arguments[0].parse::<usize>().unwrap();
                }
                other => panic!("unexpected command {other} in {path}"),
            }
            rest = &rest[end..];
        }
        let dark: Vec<bool> = colors.iter().map(|c| *c == qrcode::Color::Dark).collect();
        assert_eq!(drawn, dark);
    }

    #[test]
    fn the_qr_code_is_one_path_of_runs_on_white_with_its_quiet_zone() {
        let svg = svg("AQ1.ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"") && svg.ends_with("\"/></svg>"),
            "{svg}"
        );
        // Version 2 (25 modules; alphanumeric mode) and the quiet zone: 33 units, at 7 pixels a unit.
        assert!(svg.contains("width=\"231\" height=\"231\" viewBox=\"0 0 33 33\""), "{svg}");
        // The finder pattern's top row: seven dark modules from the quiet zone's edge, along the
        // row's middle; the row's next run is a move from there.
        assert!(svg.contains("M4 4.5h7m"), "{svg}");
        assert_eq!(svg.matches("<path").count(), 1);
        assert!(!svg.contains("<script"));
    }
}

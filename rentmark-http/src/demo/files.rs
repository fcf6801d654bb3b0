//! Small, valid files for the demo dossiers: a one-page PDF (PDF 1.4, its cross-reference
//! table computed from the bytes written) and a PNG (RGB, an uncompressed deflate
//! stream), each a few hundred bytes, so viewers open them and the upload flow stores
//! real documents.

/// A one-page A4 PDF showing `title` and `line` in Helvetica (WinAnsi: Latin-1 letters
/// are written as octal escapes; characters outside Latin-1 become `?`).
pub(super) fn pdf(title: &str, line: &str) -> Vec<u8> {
    let text = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                '(' | ')' | '\\' => format!("\\{c}"),
                c if c.is_ascii() && !c.is_ascii_control() => c.to_string(),
                c if ('\u{a0}'..='\u{ff}').contains(&c) => format!("\\{:03o}", u32::from(c)),
                _ => "?".into(),
            })
            .collect()
    };
    let content = format!(
        "BT /F1 20 Tf 72 760 Td ({}) Tj 0 -32 Td /F1 12 Tf ({}) Tj 0 -20 Td \
         (Document de demonstration RentMark) Tj ET",
        text(title),
        text(line)
    );
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
         /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_owned(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (index, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", index + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A `width` x `height` RGB PNG painted by `pixel(x, y)`.
pub(super) fn png(width: u16, height: u16, pixel: impl Fn(u16, u16) -> [u8; 3]) -> Vec<u8> {
    let mut raw = Vec::with_capacity(usize::from(height) * (1 + usize::from(width) * 3));
    for y in 0..height {
        raw.push(0); // filter type: none
        for x in 0..width {
            raw.extend_from_slice(&pixel(x, y));
        }
    }
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&u32::from(width).to_be_bytes());
    header.extend_from_slice(&u32::from(height).to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit, RGB, deflate, no filter, no interlace
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &header);
    chunk(&mut out, b"IDAT", &zlib_stored(&raw));
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A PNG that looks like a bank-details slip: a header band of `color`, grey lines.
pub(super) fn slip_png(color: [u8; 3]) -> Vec<u8> {
    png(48, 32, |x, y| match y {
        0..=7 => color,
        _ if y % 6 == 0 && (4..44).contains(&x) => [150, 150, 150],
        _ => [250, 250, 250],
    })
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    let length = u32::try_from(data.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&length.to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// A zlib stream of stored (uncompressed) deflate blocks (RFC 1950, RFC 1951 3.2.4).
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = if data.is_empty() {
        vec![&[]]
    } else {
        data.chunks(usize::from(u16::MAX)).collect()
    };
    let last = blocks.len() - 1;
    for (index, block) in blocks.into_iter().enumerate() {
        out.push(u8::from(index == last));
        let length = u16::try_from(block.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&length.to_le_bytes());
        out.extend_from_slice(&(!length).to_le_bytes());
        out.extend_from_slice(block);
    }
    out.extend_from_slice(&adler32(data).to_be_bytes());
    out
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1_u32, 0_u32);
    for &byte in data {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}

/// CRC-32 (ISO 3309, the polynomial PNG uses), bit by bit: the files are tiny.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = u32::MAX;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match_their_published_values() {
        // The IEND chunk's CRC, found at the end of every PNG; Adler-32's example.
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
    }

    #[test]
    fn the_png_has_its_chunks_and_its_pixels() {
        let bytes = png(2, 1, |x, _| [u8::try_from(x).unwrap_or(0), 7, 9]);
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&bytes[12..16], b"IHDR");
        assert_eq!(&bytes[16..24], &[0, 0, 0, 2, 0, 0, 0, 1]);
        assert!(bytes.ends_with(&[0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82]));
        // IDAT: zlib header, one final stored block of 7 bytes (filter + 2 x RGB).
        let idat = bytes.windows(4).position(|w| w == b"IDAT").unwrap_or(0) + 4;
        assert_eq!(&bytes[idat..idat + 7], &[0x78, 0x01, 1, 7, 0, 0xF8, 0xFF]);
        assert_eq!(&bytes[idat + 7..idat + 14], &[0, 0, 7, 9, 1, 7, 9]);
    }

    #[test]
    fn the_pdf_cross_reference_points_at_each_object() {
        let bytes = pdf("Carte (d'identité)", "Léa Martin \u{2014} Ω");
        let text = String::from_utf8(bytes.clone()).unwrap_or_default();
        assert!(text.starts_with("%PDF-1.4\n") && text.ends_with("%%EOF\n"));
        assert!(
            text.contains("(Carte \\(d'identit\\351\\)) Tj")
                && text.contains("(L\\351a Martin ? ?)")
        );
        let startxref: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|t| t.lines().next())
            .and_then(|t| t.parse().ok())
            .unwrap_or(0);
        assert!(text[startxref..].starts_with("xref\n0 6\n"));
        let offsets: Vec<usize> = text[startxref..]
            .lines()
            .skip(3)
            .take(5)
            .map(|l| l[..10].parse().unwrap_or(0))
            .collect();
        for (index, offset) in offsets.into_iter().enumerate() {
            assert!(
                text[offset..].starts_with(&format!("{} 0 obj\n", index + 1)),
                "object {}",
                index + 1
            );
        }
        let stream =
            &text[text.find("stream\n").unwrap_or(0) + 7..text.find("\nendstream").unwrap_or(0)];
        assert!(text.contains(&format!("/Length {}", stream.len())));
    }
}

//! Attachments (images and PDF) to projects and their progress and trial reports. The type is
//! decided by the file's first bytes, never by its name or the browser's claim.

/// The largest file accepted: 10 MiB.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// The MIME type of an accepted file, judged by its signature; `None` for anything else.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// A file name safe to show and to offer back in a download: no path, no control characters,
/// no quotes, at most 100 characters; "file" when nothing is left.
pub fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String =
        base.chars().filter(|c| !c.is_control() && !matches!(c, '"' | '\'' | '<' | '>' | ';')).take(100).collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        "file".to_string()
    } else {
        cleaned
    }
}

/// The extensions a file of an accepted type may carry; the first is the one given when its name
/// has none of them.
fn extensions(content_type: &str) -> &'static [&'static str] {
    match content_type {
        "application/pdf" => &["pdf"],
        "image/png" => &["png"],
        "image/jpeg" => &["jpg", "jpeg"],
        "image/gif" => &["gif"],
        "image/webp" => &["webp"],
        _ => &["bin"],
    }
}

/// The name a file is kept and offered under: its cleaned name with the extension of the type its
/// bytes show, whatever it was called (`报告.html` holding a PNG becomes `报告.png`), so that
/// opening a downloaded file never runs it as something else.
pub fn stored_file_name(name: &str, content_type: &str) -> String {
    let name = clean_file_name(name);
    let allowed = extensions(content_type);
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, Some(ext)),
        _ => (name.as_str(), None),
    };
    match ext {
        Some(e) if allowed.iter().any(|a| a.eq_ignore_ascii_case(e)) => name.clone(),
        _ => format!("{stem}.{}", allowed[0]),
    }
}

/// Whether a file of this type is shown in the browser (images) rather than downloaded.
pub fn shown_inline(content_type: &str) -> bool {
    content_type.starts_with("image/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_name_carries_the_extension_of_the_detected_type() {
        assert_eq!(stored_file_name("现场照片.JPG", "image/jpeg"), "现场照片.JPG");
        assert_eq!(stored_file_name("photo.jpeg", "image/jpeg"), "photo.jpeg");
        assert_eq!(stored_file_name("报告.html", "image/png"), "报告.png");
        assert_eq!(stored_file_name("方案.pdf.exe", "application/pdf"), "方案.pdf.pdf");
        assert_eq!(stored_file_name("README", "application/pdf"), "README.pdf");
        assert_eq!(stored_file_name("", "image/gif"), "file.gif");
        assert_eq!(stored_file_name(".png", "image/png"), "png.png");
    }

    #[test]
    fn only_images_are_shown_inline() {
        assert!(shown_inline("image/png") && shown_inline("image/webp"));
        assert!(!shown_inline("application/pdf"));
    }

    #[test]
    fn types_come_from_the_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(sniff(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]), Some("image/png"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff(b"<html><script>"), None);
        assert_eq!(sniff(b"MZ\x90\0"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn names_lose_their_paths_and_tricks() {
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("C:\\Users\\李强\\现场照片.jpg"), "现场照片.jpg");
        assert_eq!(clean_file_name("a\"b;c\n.pdf"), "abc.pdf");
        assert_eq!(clean_file_name(".htaccess"), "htaccess");
        assert_eq!(clean_file_name("///"), "file");
        assert_eq!(clean_file_name(&"长".repeat(300)).chars().count(), 100);
    }
}

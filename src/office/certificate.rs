//! Electronic certificates (电子证书) for the applicants who passed: the certificate's
//! text in a fixed form (the payload), signed with the office's ed25519 key, printed
//! as a PDF that shows it in Chinese and carries the payload and the signature in its
//! metadata, where `certificate verify` finds them again.

use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

use super::print::PrintError;

/// The signed facts of one certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateData {
    pub number: String,
    pub holder: String,
    /// The ID number with its middle masked.
    pub id_number: String,
    pub title: String,
    pub specialty: String,
    pub employer: String,
    pub committee: String,
    /// The day the committee reported (YYYY-MM-DD, the local date of the report).
    pub date: String,
    /// The issuing authority (the `certificate.issuer` setting); empty in the first
    /// version's certificates, which did not name it.
    pub issuer: String,
}

/// The first version's payload (no issuer); still read and verified.
const HEADER_V1: &str = "pingshen-certificate-v1";
const HEADER: &str = "pingshen-certificate-v2";
/// The last line of a QR code's text: the signature of the payload above it.
const QR_SIGNATURE: &str = "signature=";
/// Where the PDF keeps the payload and the signature: `PSCERT1:<payload>:<signature>`,
/// both base64, in the document's keywords.
const MARKER: &str = "PSCERT1:";

impl CertificateData {
    /// The text that is signed: one `key=value` a line, in a fixed order.
    /// A certificate without an issuer keeps the first version's form, so that
    /// certificates issued before the issuer was named verify as they were signed.
    pub fn payload(&self) -> String {
        let head = if self.issuer.is_empty() { HEADER_V1 } else { HEADER };
        let mut out = format!(
            "{head}\nnumber={}\nholder={}\nid={}\ntitle={}\nspecialty={}\nemployer={}\ncommittee={}\ndate={}\n",
            self.number,
            self.holder,
            self.id_number,
            self.title,
            self.specialty,
            self.employer,
            self.committee,
            self.date
        );
        if !self.issuer.is_empty() {
            out.push_str(&format!("issuer={}\n", self.issuer));
        }
        out
    }

    pub fn parse(payload: &str) -> Option<CertificateData> {
        let mut lines = payload.lines();
        let v2 = match lines.next()? {
            HEADER => true,
            HEADER_V1 => false,
            _ => return None,
        };
        let mut get =
            |key: &str| -> Option<String> { lines.next()?.strip_prefix(&format!("{key}=")).map(String::from) };
        let data = CertificateData {
            number: get("number")?,
            holder: get("holder")?,
            id_number: get("id")?,
            title: get("title")?,
            specialty: get("specialty")?,
            employer: get("employer")?,
            committee: get("committee")?,
            date: get("date")?,
            issuer: if v2 { get("issuer")? } else { String::new() },
        };
        // Nothing after the last field, and the text is exactly what would be signed.
        (lines.next().is_none() && data.payload() == payload).then_some(data)
    }
}

/// The office's signing key, kept beside the host keys.
pub struct OfficeKey {
    signing: SigningKey,
}

/// The issuer a certificate names when none is set (`--issuer`, `[certificate] issuer`).
pub const DEFAULT_ISSUER: &str = "职称改革工作领导小组办公室";

pub const OFFICE_KEY_FILE: &str = "office_ed25519_seed";

#[derive(Debug, thiserror::Error)]
pub enum CertificateError {
    #[error("the office key {path}: {why}")]
    Key { path: PathBuf, why: String },
    #[error(transparent)]
    Print(#[from] PrintError),
    #[error("the QR code cannot hold the certificate: {0}")]
    Qr(String),
}

impl OfficeKey {
    /// Loads the key from `keys_dir`, creating it (mode 0600) on first use.
    pub fn load_or_create(keys_dir: &Path) -> Result<OfficeKey, CertificateError> {
        let path = keys_dir.join(OFFICE_KEY_FILE);
        let err = |why: String| CertificateError::Key {
            path: path.clone(),
            why,
        };
        if path.exists() {
            return Self::load(keys_dir);
        }
        crate::files::create_private_dir(keys_dir).map_err(|e| err(e.to_string()))?;
        let seed: [u8; 32] = rand::random();
        let text = hex(&seed);
        let tmp = path.with_extension("tmp");
        {
            use std::io::Write;
            use std::os::unix::fs::OpenOptionsExt;
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&tmp)
                .map_err(|e| err(e.to_string()))?;
            f.write_all(text.as_bytes()).map_err(|e| err(e.to_string()))?;
            f.sync_all().map_err(|e| err(e.to_string()))?;
        }
        std::fs::rename(&tmp, &path).map_err(|e| err(e.to_string()))?;
        Ok(OfficeKey {
            signing: SigningKey::from_bytes(&seed),
        })
    }

    /// Loads an existing key (verification never creates one).
    pub fn load(keys_dir: &Path) -> Result<OfficeKey, CertificateError> {
        let path = keys_dir.join(OFFICE_KEY_FILE);
        let err = |why: String| CertificateError::Key {
            path: path.clone(),
            why,
        };
        let text = std::fs::read_to_string(&path).map_err(|e| err(e.to_string()))?;
        let bytes = unhex(text.trim()).ok_or_else(|| err("not a 32-byte hex seed".into()))?;
        let seed: [u8; 32] = bytes.try_into().map_err(|_| err("not a 32-byte hex seed".into()))?;
        Ok(OfficeKey {
            signing: SigningKey::from_bytes(&seed),
        })
    }

    /// The signature of a payload, base64.
    pub fn sign(&self, payload: &str) -> String {
        B64.encode(self.signing.sign(payload.as_bytes()).to_bytes())
    }

    /// Whether `signature` (base64) is this key's signature of `payload`.
    pub fn verifies(&self, payload: &str, signature: &str) -> bool {
        let verifying: VerifyingKey = self.signing.verifying_key();
        let Ok(bytes) = B64.decode(signature.trim()) else {
            return false;
        };
        let Ok(bytes): Result<[u8; 64], _> = bytes.try_into() else {
            return false;
        };
        verifying
            .verify(payload.as_bytes(), &Signature::from_bytes(&bytes))
            .is_ok()
    }

    /// The public key, hex, for the README and third parties.
    pub fn public_hex(&self) -> String {
        hex(self.signing.verifying_key().as_bytes())
    }
}

/// An office's published public key (64 hex digits), for checking certificates
/// offline without the office's key or database.
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    pub fn from_hex(text: &str) -> Option<PublicKey> {
        let bytes: [u8; 32] = unhex(text.trim())?.try_into().ok()?;
        VerifyingKey::from_bytes(&bytes).ok().map(PublicKey)
    }

    /// Whether `signature` (base64) is this key's signature of `payload`.
    pub fn verifies(&self, payload: &str, signature: &str) -> bool {
        let Ok(bytes) = B64.decode(signature.trim()) else {
            return false;
        };
        let Ok(bytes): Result<[u8; 64], _> = bytes.try_into() else {
            return false;
        };
        self.0
            .verify(payload.as_bytes(), &Signature::from_bytes(&bytes))
            .is_ok()
    }
}

/// The text of a certificate's QR code: the signed facts as they are signed (plain
/// text a phone shows), then `signature=` and the signature. Anyone with the office's
/// public key can check it offline.
pub fn qr_text(payload: &str, signature: &str) -> String {
    format!("{payload}{QR_SIGNATURE}{signature}\n")
}

/// The payload and the signature of a QR code's text (as a scanner gives it, with
/// `\n` or `\r\n` line ends).
pub fn from_qr_text(text: &str) -> Option<(String, String)> {
    let text = text.replace("\r\n", "\n");
    let text = text.trim_start_matches('\u{feff}').trim_end();
    let (payload, signature) = text.rsplit_once(&format!("\n{QR_SIGNATURE}"))?;
    let payload = format!("{payload}\n");
    CertificateData::parse(&payload)?;
    Some((payload, signature.trim().to_string()))
}

/// The QR code of a certificate as squares on the page: `size` millimetres wide with
/// its quiet zone, the lower-left corner at (`x`, `y`).
fn qr_squares(text: &str, x: f32, y: f32, size: f32) -> Result<Vec<super::print::Square>, CertificateError> {
    use qrcode::{Color, EcLevel, QrCode};
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| CertificateError::Qr(e.to_string()))?;
    let width = code.width();
    // Four modules of quiet zone on each side, as the standard asks.
    let module = size / (width + 8) as f32;
    let colors = code.to_colors();
    Ok(colors
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == Color::Dark)
        .map(|(i, _)| {
            let (col, row) = (i % width, i / width);
            super::print::Square {
                x: x + (col + 4) as f32 * module,
                // Rows run down the page from the top of the code.
                y: y + size - (row + 5) as f32 * module,
                size: module,
            }
        })
        .collect())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The marker text a certificate PDF carries.
pub fn marker(payload: &str, signature: &str) -> String {
    format!("{MARKER}{}:{signature}", B64.encode(payload.as_bytes()))
}

/// Finds the payload and the signature in a certificate PDF's bytes: in the document's
/// keywords (a PDF text string, UTF-16 in hex as printpdf writes it, or literal), or
/// anywhere as plain text; or in a QR code's text (a file of what a scanner read).
pub fn extract(pdf: &[u8]) -> Option<(String, String)> {
    if let Ok(text) = std::str::from_utf8(pdf)
        && let Some(found) = from_qr_text(text)
    {
        return Some(found);
    }
    let mut texts: Vec<String> = Vec::new();
    let key = b"/Keywords";
    let mut from = 0;
    while let Some(pos) = pdf[from..].windows(key.len()).position(|w| w == key) {
        let start = from + pos + key.len();
        let rest = &pdf[start..];
        let rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
        if let Some(hex_part) = rest.strip_prefix(b"<") {
            let end = hex_part.iter().position(|b| *b == b'>').unwrap_or(hex_part.len());
            let digits: String = String::from_utf8_lossy(&hex_part[..end])
                .chars()
                .filter(|c| c.is_ascii_hexdigit())
                .collect();
            if let Some(bytes) = unhex(&digits) {
                texts.push(pdf_text(&bytes));
            }
        } else if let Some(lit) = rest.strip_prefix(b"(") {
            let end = lit.iter().position(|b| *b == b')').unwrap_or(lit.len());
            texts.push(pdf_text(&lit[..end]));
        }
        from = start;
    }
    texts.push(String::from_utf8_lossy(pdf).into_owned());
    texts.iter().find_map(|t| find_marker(t))
}

/// A PDF text string's bytes as text: UTF-16BE after its byte-order mark, else bytes.
fn pdf_text(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            let units: Vec<u16> = utf16
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

fn find_marker(text: &str) -> Option<(String, String)> {
    let start = text.find(MARKER)? + MARKER.len();
    let rest = &text[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | ':')))
        .unwrap_or(rest.len());
    let (payload, signature) = rest[..end].split_once(':')?;
    let payload = String::from_utf8(B64.decode(payload).ok()?).ok()?;
    Some((payload, signature.to_string()))
}

pub use super::print::{FONT_CANDIDATES, find_font};

/// The certificate as a printable A4 PDF in Chinese: the facts, the number, and the
/// signature printed as the verification code; the marker goes into the metadata.
pub fn pdf(data: &CertificateData, signature: &str, font_bytes: &[u8]) -> Result<Vec<u8>, CertificateError> {
    use super::print::{Document, line, render};
    let mut lines = vec![line("专业技术资格电子证书", 26.0, 52.0, 250.0)];
    let rows = [
        ("姓    名", &data.holder),
        ("身份证号", &data.id_number),
        ("工作单位", &data.employer),
        ("专    业", &data.specialty),
        ("资格名称", &data.title),
        ("评审机构", &data.committee),
        ("通过日期", &data.date),
        ("证书编号", &data.number),
        ("发证机关", &data.issuer),
    ];
    for (i, (label, value)) in rows.iter().enumerate() {
        lines.push(line(format!("{label}：{value}"), 13.0, 30.0, 215.0 - 12.0 * i as f32));
    }
    let issuer = if data.issuer.is_empty() {
        "职改办"
    } else {
        data.issuer.as_str()
    };
    lines.push(line("经评审委员会评审，具备上述专业技术资格。", 11.0, 30.0, 102.0));
    lines.push(line(format!("本证书由{issuer}电子签发。"), 11.0, 30.0, 95.0));
    lines.push(line("验证码（电子签名）：", 9.0, 30.0, 80.0));
    // The signature in lines of 44 characters.
    for (i, chunk) in signature.as_bytes().chunks(44).enumerate() {
        lines.push(line(String::from_utf8_lossy(chunk), 9.0, 30.0, 74.0 - 5.0 * i as f32));
    }
    lines.push(line(
        "核验：pingshen certificate verify 本文件，或扫描右侧二维码",
        9.0,
        30.0,
        55.0,
    ));
    lines.push(line(
        "（二维码载有证书内容与电子签名，可用职改办公布的公钥离线核验）",
        9.0,
        30.0,
        50.0,
    ));
    // The QR code at the lower right, 48 mm wide with its quiet zone.
    let squares = qr_squares(&qr_text(&data.payload(), signature), 145.0, 10.0, 48.0)?;
    render(
        &Document {
            title: "专业技术资格电子证书".into(),
            subject: data.number.clone(),
            keywords: vec![marker(&data.payload(), signature)],
            pages: vec![lines],
            squares: vec![squares],
        },
        font_bytes,
    )
    .map_err(CertificateError::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> CertificateData {
        CertificateData {
            number: "HN2026-001-0001-K7Q2".into(),
            holder: "梁文博".into(),
            id_number: "410105********4417".into(),
            title: "高级工程师".into(),
            specialty: "土木工程".into(),
            employer: "洛阳市建设局".into(),
            committee: "河南省工程系列建筑专业高级职称评审委员会".into(),
            date: "2026-11-27".into(),
            issuer: "河南省职称改革工作领导小组办公室".into(),
        }
    }

    #[test]
    fn payloads_round_trip_and_signatures_catch_any_change() {
        let dir = tempfile::tempdir().unwrap();
        let key = OfficeKey::load_or_create(dir.path()).unwrap();
        let again = OfficeKey::load_or_create(dir.path()).unwrap();
        assert_eq!(key.public_hex(), again.public_hex(), "the key is kept");
        let d = data();
        assert_eq!(CertificateData::parse(&d.payload()), Some(d.clone()));
        let sig = key.sign(&d.payload());
        assert!(again.verifies(&d.payload(), &sig));
        let mut forged = d.clone();
        forged.title = "正高级工程师".into();
        assert!(!key.verifies(&forged.payload(), &sig));
        let other = OfficeKey::load_or_create(&dir.path().join("other")).unwrap();
        assert!(!other.verifies(&d.payload(), &sig));
        assert!(!key.verifies(&d.payload(), "not base64"));
        let m = marker(&d.payload(), &sig);
        let mut pdf = b"%PDF-1.7 ... (".to_vec();
        pdf.extend_from_slice(m.as_bytes());
        pdf.extend_from_slice(b") ...");
        assert_eq!(extract(&pdf), Some((d.payload(), sig.clone())));
        assert_eq!(extract(b"%PDF-1.7 nothing"), None);

        // The QR code's text: the facts in plain text and the signature, checked with
        // nothing but the public key; any change to a fact breaks it.
        let qr = qr_text(&d.payload(), &sig);
        assert!(
            qr.contains("holder=梁文博\n") && qr.ends_with(&format!("signature={sig}\n")),
            "{qr}"
        );
        let public = PublicKey::from_hex(&key.public_hex()).unwrap();
        let (payload, signature) = from_qr_text(&qr.replace('\n', "\r\n")).unwrap();
        assert_eq!(payload, d.payload());
        assert!(public.verifies(&payload, &signature));
        let forged = qr.replace("高级工程师", "正高级工程师");
        let (payload, signature) = from_qr_text(&forged).unwrap();
        assert!(!public.verifies(&payload, &signature));
        assert_eq!(extract(qr.as_bytes()), Some((d.payload(), sig.clone())));
        assert!(from_qr_text("hello\nsignature=abc").is_none());
        assert!(PublicKey::from_hex("00").is_none());

        // A certificate of the first version (no issuer) still reads and verifies.
        let old = CertificateData {
            issuer: String::new(),
            ..d.clone()
        };
        assert!(old.payload().starts_with("pingshen-certificate-v1\n"));
        assert!(!old.payload().contains("issuer="));
        assert_eq!(CertificateData::parse(&old.payload()), Some(old.clone()));
        let mut extra = d.payload();
        extra.push_str("more=1\n");
        assert_eq!(
            CertificateData::parse(&extra),
            None,
            "nothing may follow the last field"
        );
    }

    /// Needs a Chinese font (`.ci/run` installs fonts-wqy-microhei).
    #[test]
    fn a_certificate_pdf_carries_its_signed_text() {
        let font = find_font(None).expect("a Chinese font is installed");
        let bytes = std::fs::read(font).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let key = OfficeKey::load_or_create(dir.path()).unwrap();
        let d = data();
        let sig = key.sign(&d.payload());
        let pdf = pdf(&d, &sig, &bytes).unwrap();
        // To look at the page: PINGSHEN_KEEP_PDF=/tmp/c.pdf cargo test --lib certificate_pdf
        if let Ok(path) = std::env::var("PINGSHEN_KEEP_PDF") {
            std::fs::write(path, &pdf).unwrap();
        }
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.len() < 3_000_000, "the font is subset: {} bytes", pdf.len());
        let (payload, signature) = extract(&pdf).expect("the marker is in the PDF");
        assert_eq!(CertificateData::parse(&payload), Some(d));
        assert!(key.verifies(&payload, &signature));
    }
}

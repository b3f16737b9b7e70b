//! Where and how comments go: `data-endpoint`, `data-preset`, `data-encoding`,
//! `data-fields`, `data-idempotency`, `data-credentials`, `data-timeout`, `data-queue-days`, `data-post-id`,
//! `data-field-*` and `data-header-*`.

use balasan_core::controls::{has_forbidden, without_forbidden};

use super::{check_url, choice, quoted_list, whole, Config, Raw, Report, Severity};
use crate::presets::Preset;
use crate::request::{Backend, Credentials, Encoding, Slot};

pub(super) fn read(raw: &Raw, report: &mut Report, config: &mut Config) {
    let endpoint = match raw.get("endpoint") {
        None => {
            report.add(
                "endpoint",
                "is missing: set it to the URL that receives comments",
                Severity::Fatal,
            );
            String::new()
        }
        Some(v) => raw
            .read(report, "endpoint", Severity::Fatal, check_url)
            .map_or_else(String::new, |()| v.to_owned()),
    };
    let preset = raw
        .read(report, "preset", Severity::Fatal, |name| {
            match Preset::from_name(name) {
                Some(p) if p.carried() => Ok(p),
                // embed.js loads the wasm that carries the page's preset.
                Some(_) => Err(format!(
                    "preset \"{name}\" is not in this wasm: load the widget through embed.js"
                )),
                None => {
                    let known: Vec<&str> = Preset::ALL.iter().map(|p| p.name()).collect();
                    Err(format!(
                        "unknown preset \"{name}\"; use {}",
                        quoted_list(&known)
                    ))
                }
            }
        })
        .unwrap_or(Preset::Balasan);
    let mut backend = Backend::new(preset, &endpoint);
    read_wire(raw, report, &mut backend);
    let credentials = choice(&[
        ("omit", Credentials::Omit),
        ("same-origin", Credentials::SameOrigin),
        ("include", Credentials::Include),
    ]);
    if let Some(c) = raw.read(report, "credentials", Severity::Invalid, credentials) {
        backend.credentials = c;
    }
    let seconds = whole(1, 120, "a number of seconds");
    if let Some(s) = raw.read(report, "timeout", Severity::Invalid, seconds) {
        backend.timeout_ms = s * 1000;
    }
    if let Some(d) = raw.read(
        report,
        "queue-days",
        Severity::Invalid,
        whole(0, 30, "a number of days"),
    ) {
        backend.queue_days = d;
    }
    backend.extra_fields = raw.fields.clone();
    backend.headers = raw.headers.clone();
    config.backend = backend;
    let post_id = raw.get("post-id").unwrap_or_default();
    if has_forbidden(post_id) {
        report.add(
            "post-id",
            "holds control or bidi-override characters (left out)",
            Severity::Invalid,
        );
    }
    config.post_id = without_forbidden(post_id).into_owned();
    config.title = raw
        .get("title")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned);
}

/// `data-encoding`, `data-fields` (custom preset only) and `data-idempotency`.
fn read_wire(raw: &Raw, report: &mut Report, backend: &mut Backend) {
    let custom = backend.preset == Preset::Custom;
    for setting in ["encoding", "fields"] {
        if raw.get(setting).is_some() && !custom {
            report.add(
                setting,
                "only applies with data-preset=\"custom\" (ignored)",
                Severity::Invalid,
            );
        }
    }
    if custom {
        let encoding = choice(&[("json", Encoding::Json), ("form", Encoding::Form)]);
        if let Some(e) = raw.read(report, "encoding", Severity::Fatal, encoding) {
            backend.wire.encoding = e;
        }
        raw.read(report, "fields", Severity::Fatal, |v| {
            apply_mapping(v, &mut backend.wire.names)
        });
    }
    let on_off = choice(&[("on", true), ("off", false)]);
    if let Some(on) = raw.read(report, "idempotency", Severity::Invalid, on_off) {
        backend.wire.idempotency = on;
    }
}

/// `content:comment, author:name, hp:-`: renames slots; `-` leaves a slot out.
fn apply_mapping(v: &str, names: &mut Vec<(Slot, String)>) -> Result<(), String> {
    for pair in v.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (slot, name) = pair
            .split_once(':')
            .ok_or_else(|| format!("\"{pair}\" is not slot:name (e.g. \"content:comment\")"))?;
        let slot = Slot::from_name(slot.trim()).ok_or_else(|| {
            let known: Vec<&str> = Slot::ALL.iter().map(|s| s.name()).collect();
            format!("\"{slot}\" is not {}", quoted_list(&known))
        })?;
        let name = name.trim();
        if name.is_empty() {
            return Err(format!(
                "\"{pair}\" gives no field name (use - to leave it out)"
            ));
        }
        names.retain(|(s, _)| *s != slot);
        if name != "-" {
            names.push((slot, name.to_owned()));
        }
    }
    Ok(())
}

/// An HTTP token, as header names must be.
pub(super) fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'!' | b'#'
                        ..=b'\'' | b'*' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`' | b'|' | b'~'
                )
        })
}

#[cfg(test)]
mod tests {
    use super::super::{Config, Severity};
    use crate::request::{Encoding, Slot};

    fn parse(attrs: &[(&str, &str)]) -> (Config, Vec<super::super::Problem>) {
        Config::parse(attrs.iter().copied())
    }

    #[test]
    fn a_post_id_loses_invisible_characters_and_says_so() {
        let (c, p) = parse(&[
            ("data-endpoint", "/api/comments"),
            ("data-post-id", "42\u{0}\u{202E}"),
        ]);
        assert_eq!(c.post_id, "42");
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].attribute, "data-post-id");
        assert_eq!(p[0].severity, Severity::Invalid);
    }

    #[test]
    fn custom_mapping_and_encoding() {
        let (c, p) = parse(&[
            ("data-endpoint", "https://forms.contoh.id/in"),
            ("data-preset", "custom"),
            ("data-encoding", "form"),
            (
                "data-fields",
                "content:pesan, author:nama, hp:-, elapsed_ms:-",
            ),
            ("data-idempotency", "off"),
        ]);
        assert!(p.is_empty(), "{p:?}");
        let w = &c.backend.wire;
        assert_eq!(w.encoding, Encoding::Form);
        assert_eq!(w.name_of(Slot::Content), Some("pesan"));
        assert_eq!(w.name_of(Slot::Author), Some("nama"));
        assert_eq!(w.name_of(Slot::Email), Some("email"));
        assert_eq!(w.name_of(Slot::Honeypot), None);
        assert!(!w.idempotency);
    }
}

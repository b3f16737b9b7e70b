//! The math question: `data-captcha`, `data-captcha-url`, `data-captcha-ops`,
//! `data-captcha-max` and `data-captcha-blank`. The values are read by the same parsers the
//! reference server's flags use (`balasan_core::captcha`).

use balasan_core::captcha::{Blank, Settings};

use super::{check_url, choice, Raw, Report, Severity};

/// Who asks the math question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaptchaMode {
    Off,
    /// The widget draws and checks the question (works with any backend).
    Local(Settings),
    /// The backend issues a signed challenge at this URL and checks the answer itself.
    Server {
        url: String,
    },
}

#[derive(Clone, Copy)]
enum Who {
    Widget,
    Nobody,
    Backend,
}

pub(super) fn read(raw: &Raw, report: &mut Report, endpoint: &str) -> CaptchaMode {
    let mut settings = Settings::default();
    if let Some(ops) = raw.read(
        report,
        "captcha-ops",
        Severity::Invalid,
        Settings::parse_ops,
    ) {
        settings.ops = ops;
    }
    if let Some(max) = raw.read(
        report,
        "captcha-max",
        Severity::Invalid,
        Settings::parse_max,
    ) {
        settings.max = max;
    }
    if let Some(blank) = raw.read(
        report,
        "captcha-blank",
        Severity::Invalid,
        str::parse::<Blank>,
    ) {
        settings.blank = blank;
    }
    let who = choice(&[
        ("on", Who::Widget),
        ("", Who::Widget),
        ("off", Who::Nobody),
        ("server", Who::Backend),
    ]);
    match raw.read(report, "captcha", Severity::Invalid, who) {
        None | Some(Who::Widget) => CaptchaMode::Local(settings),
        Some(Who::Nobody) => CaptchaMode::Off,
        Some(Who::Backend) => {
            let url = match raw.get("captcha-url") {
                Some(u) => raw
                    .read(report, "captcha-url", Severity::Fatal, check_url)
                    .map_or_else(String::new, |()| u.to_owned()),
                None => format!("{}/challenge", endpoint.trim_end_matches('/')),
            };
            CaptchaMode::Server { url }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Config;
    use super::CaptchaMode;

    fn parse(attrs: &[(&str, &str)]) -> (Config, Vec<super::super::Problem>) {
        Config::parse(attrs.iter().copied())
    }

    #[test]
    fn server_captcha_defaults_next_to_the_endpoint() {
        let (c, p) = parse(&[
            ("data-endpoint", "/api/comments/"),
            ("data-captcha", "server"),
        ]);
        assert!(p.is_empty());
        assert_eq!(
            c.captcha,
            CaptchaMode::Server {
                url: "/api/comments/challenge".into()
            }
        );
        let (c, _) = parse(&[
            ("data-endpoint", "/api/comments"),
            ("data-captcha", "server"),
            ("data-captcha-url", "https://api.contoh.id/soal"),
        ]);
        assert_eq!(
            c.captcha,
            CaptchaMode::Server {
                url: "https://api.contoh.id/soal".into()
            }
        );
    }
}

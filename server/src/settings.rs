//! What an operator can choose when starting the server.

use std::net::SocketAddr;
use std::time::Duration;

use balasan_core::captcha;
use balasan_core::validate::Required;

use crate::admin::session::Lifetimes;
use crate::proxy::TrustedProxies;

/// Whether new comments wait for a moderator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moderation {
    /// New comments are stored as pending and answered with `202`.
    Pending,
    /// New comments are published at once and answered with `201`.
    Approved,
}

impl Moderation {
    pub fn as_str(self) -> &'static str {
        match self {
            Moderation::Pending => "pending",
            Moderation::Approved => "approved",
        }
    }
}

/// The server's rules. `Default` is what `balasan-server serve` uses without flags.
#[derive(Clone, Debug)]
pub struct Settings {
    pub required: Required,
    pub moderation: Moderation,
    /// Require a right answer to a server challenge with every comment.
    pub server_captcha: bool,
    pub captcha: captcha::Settings,
    /// How long a challenge may be answered.
    pub challenge_ttl: Duration,
    /// Page origins (`https://kabar.contoh.id`) allowed to post from a browser; requests
    /// from the server's own origins are always allowed.
    pub allowed_origins: Vec<String>,
    /// The server's own origins (`scheme://host[:port]`), for its own pages: its public
    /// URL's (`--public-url`), or else its listen address's ([`own_origins`]).
    pub own_origins: Vec<String>,
    /// Comments one IP address may post in a burst, and how fast that allowance refills.
    pub rate_burst: u32,
    pub rate_window: Duration,
    /// IPv6 readers share a bucket per network of this many bits (`proxy::bucket`).
    pub ipv6_bucket_prefix: u8,
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Longest a request body may take to arrive, whole.
    pub body_timeout: Duration,
    /// A comment sent sooner than this after the form was shown is a bot's.
    pub min_elapsed_ms: u64,
    /// Reverse proxies whose `X-Forwarded-For` (or `Forwarded`) names the reader's address.
    pub trusted_proxies: TrustedProxies,
    /// How long moderators' sessions last.
    pub sessions: Lifetimes,
    /// Comments in the trash this many days are deleted forever; 0 keeps them.
    pub trash_days: u32,
    /// How long browsers and caches may keep a comment list ([`ListCaching`]).
    pub list_caching: ListCaching,
}

/// `Cache-Control` of the public comment lists: how many seconds a browser may use one
/// without asking (`max-age`), a shared cache such as a CDN (`s-maxage`), and how long a
/// cache may still answer with it while it asks again in the background
/// (`stale-while-revalidate`). A reader sees a new published comment after at most
/// `shared + stale` seconds behind a CDN, `browser` in their own browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListCaching {
    pub browser: u32,
    pub shared: u32,
    pub stale: u32,
}

impl ListCaching {
    /// The header's value.
    pub fn header(&self) -> String {
        format!(
            "public, max-age={}, s-maxage={}, stale-while-revalidate={}",
            self.browser, self.shared, self.stale
        )
    }
}

impl Default for ListCaching {
    /// A new comment is in every reader's list within 10 s: 5 s fresh, 5 s stale while
    /// the cache asks again (a conditional request, answered `304` from one row).
    fn default() -> Self {
        ListCaching {
            browser: 5,
            shared: 5,
            stale: 5,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            required: Required::default(),
            moderation: Moderation::Pending,
            server_captcha: false,
            captcha: captcha::Settings::default(),
            challenge_ttl: Duration::from_secs(600),
            allowed_origins: Vec::new(),
            own_origins: own_origins(SocketAddr::from(([127, 0, 0, 1], 8080))),
            rate_burst: 5,
            rate_window: Duration::from_secs(60),
            ipv6_bucket_prefix: 64,
            // The largest comment (65525 bytes) fits even with JSON escaping.
            body_limit: 256 * 1024,
            // A long comment over a poor 2G link (~2 KB/s) arrives in well under this.
            body_timeout: Duration::from_secs(30),
            min_elapsed_ms: 1500,
            trusted_proxies: TrustedProxies::default(),
            // A working day unused, a week at most (then the password again).
            sessions: Lifetimes {
                idle: Duration::from_secs(12 * 3600),
                most: Duration::from_secs(7 * 24 * 3600),
            },
            // As WordPress's EMPTY_TRASH_DAYS.
            trash_days: 30,
            list_caching: ListCaching::default(),
        }
    }
}

/// The origins of a server listening on `addr` with no public URL set: the address itself,
/// and for loopback or every-address listens the names a browser on the machine uses.
///
/// ```
/// use balasan_server::settings::own_origins;
///
/// assert_eq!(
///     own_origins("127.0.0.1:8080".parse().unwrap()),
///     ["http://127.0.0.1:8080", "http://localhost:8080"]
/// );
/// assert_eq!(own_origins("10.0.0.11:8080".parse().unwrap()), ["http://10.0.0.11:8080"]);
/// ```
pub fn own_origins(addr: SocketAddr) -> Vec<String> {
    let port = addr.port();
    let ip = addr.ip();
    if ip.is_unspecified() {
        return vec![
            format!("http://127.0.0.1:{port}"),
            format!("http://localhost:{port}"),
            format!("http://[::1]:{port}"),
        ];
    }
    let mut own = vec![format!("http://{addr}")];
    if ip.is_loopback() {
        own.push(format!("http://localhost:{port}"));
    }
    own
}

/// The origin of a `--public-url`, as browsers write it: `https://Komentar.contoh.id:443/`
/// → `https://komentar.contoh.id` (lower case, no default port).
///
/// ```
/// use balasan_server::settings::public_origin;
///
/// assert_eq!(public_origin("https://Komentar.contoh.id:443/").unwrap(), "https://komentar.contoh.id");
/// assert_eq!(public_origin("http://10.0.0.11:8080").unwrap(), "http://10.0.0.11:8080");
/// assert!(public_origin("ftp://komentar.contoh.id").is_err());
/// ```
pub fn public_origin(url: &str) -> Result<String, String> {
    let origin = crate::cors::origin_of(url.trim())
        .map(|o| o.to_ascii_lowercase())
        .ok_or_else(|| {
            format!("\"{url}\" is not an http(s) address such as https://komentar.contoh.id")
        })?;
    let default_port = if origin.starts_with("https:") {
        ":443"
    } else {
        ":80"
    };
    Ok(origin
        .strip_suffix(default_port)
        .map_or(origin.clone(), str::to_owned))
}

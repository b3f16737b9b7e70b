//! `balasan-server`: serve the API and the built widget, or moderate, manage moderators and
//! migrate from the shell.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use balasan_core::captcha::{self, Blank, Op};
use balasan_core::validate::Required;
use balasan_server::accounts;
use balasan_server::admin::session::Lifetimes;
use balasan_server::db::{schema_version, Db, Store};
use balasan_server::listen::{self, Limits};
use balasan_server::proxy::{ProxyHeader, TrustedProxies};
use balasan_server::settings::{own_origins, public_origin, ListCaching, Moderation, Settings};
use balasan_server::{router, AppState};
use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    version,
    about = "Balasan's reference comment server (SQLite or PostgreSQL)"
)]
struct Cli {
    /// The SQLite file (created if missing), when no --database-url is given.
    #[arg(long, global = true, default_value = "balasan.sqlite")]
    db: PathBuf,
    /// A PostgreSQL database instead of the SQLite file: postgres://user:password@host/name
    /// (several servers may share it).
    #[arg(long, global = true, env = "DATABASE_URL", hide_env_values = true)]
    database_url: Option<String>,
    /// Most connections this server opens to PostgreSQL.
    #[arg(long, global = true, default_value_t = 10)]
    db_connections: u32,
    /// Log lines as text or as JSON objects (one per line, for log collectors).
    #[arg(long, global = true, value_enum, default_value = "text")]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ModerationArg {
    Pending,
    Approved,
}

/// The forwarding header the trusted proxies write.
#[derive(Clone, Copy, ValueEnum)]
enum ProxyHeaderArg {
    /// X-Forwarded-For (the README's nginx and Caddy).
    XForwardedFor,
    /// Forwarded (RFC 7239).
    Forwarded,
}

#[derive(Clone, Copy, ValueEnum)]
enum CaptchaArg {
    /// The widget checks its own question (any backend can do this).
    Off,
    /// Every comment must answer a signed, single-use challenge from this server.
    Server,
}

#[derive(Clone, Copy, ValueEnum)]
enum StatusArg {
    Pending,
    Approved,
    All,
}

// Parsed once at start: the size of the serve variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Serve the API (and, with --static, the built widget and demo page).
    Serve {
        /// Address to listen on; port 0 picks a free one (the URL is printed).
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Directory served at / (the widget's dist/).
        #[arg(long = "static")]
        static_dir: Option<PathBuf>,
        /// A page origin allowed to post, e.g. https://kabar.contoh.id (repeatable).
        #[arg(long = "allow-origin")]
        allow_origins: Vec<String>,
        /// The address readers reach this server at, e.g. https://komentar.contoh.id, when
        /// that is not the listen address (behind a proxy): its own pages' origin, which may
        /// post, and where a plain form post may send a reader back to (repeatable).
        #[arg(long = "public-url", value_parser = public_origin)]
        public_urls: Vec<String>,
        /// Whether new comments wait for approval.
        #[arg(long, value_enum, default_value = "pending")]
        moderation: ModerationArg,
        #[arg(long, value_enum, default_value = "off")]
        captcha: CaptchaArg,
        /// Required fields besides the comment: name,email | name | email | none.
        #[arg(long, default_value = "name,email", value_parser = str::parse::<Required>)]
        require: Required,
        /// Server captcha: the operations to draw from, e.g. "+-×" (as data-captcha-ops).
        // `std::vec::Vec` because clap reads a plain `Vec` as a repeated flag.
        #[arg(long, default_value = "+-×", value_parser = captcha::Settings::parse_ops)]
        captcha_ops: std::vec::Vec<Op>,
        /// Server captcha: the largest operand, 2-99 (as data-captcha-max).
        #[arg(long, default_value = "10", value_parser = captcha::Settings::parse_max)]
        captcha_max: u32,
        /// Server captcha: where the blank is: result | operand | any (as data-captcha-blank).
        #[arg(long, default_value = "result", value_parser = str::parse::<Blank>)]
        captcha_blank: Blank,
        /// Comments one IP may send in a burst; the allowance refills over --rate-window.
        #[arg(long, default_value_t = 5)]
        rate_burst: u32,
        /// Seconds over which the burst allowance refills.
        #[arg(long, default_value_t = 60)]
        rate_window: u64,
        /// Largest request body, in bytes.
        #[arg(long, default_value_t = 256 * 1024)]
        body_limit: usize,
        /// Comments sent sooner than this after the form appeared are refused as automated.
        #[arg(long, default_value_t = 1500)]
        min_elapsed_ms: u64,
        /// Seconds a client has to send a request's head, and an idle keep-alive connection
        /// to start its next request; then the connection is closed.
        #[arg(long, default_value_t = 10)]
        head_timeout: u64,
        /// Seconds a request body has to arrive, whole; then 408 and the connection closes.
        #[arg(long, default_value_t = 30)]
        body_timeout: u64,
        /// Connections open at once; more wait to be accepted until one closes. Default:
        /// the process's open-file limit less 128.
        #[arg(long)]
        max_connections: Option<usize>,
        /// Seconds a server challenge may be answered.
        #[arg(long, default_value_t = 600)]
        challenge_ttl: u64,
        /// A reverse proxy (address or CIDR network, repeatable) whose Forwarded or
        /// X-Forwarded-For header names the reader; other peers' headers are ignored.
        #[arg(long = "trust-proxy", value_name = "CIDR")]
        trust_proxy: Vec<String>,
        /// Which header those proxies write; the other one, from a reader, is ignored.
        #[arg(long, value_enum, default_value = "x-forwarded-for")]
        proxy_header: ProxyHeaderArg,
        /// Readers on IPv6 share a rate-limit bucket per network of this many bits (one
        /// subscriber usually has a whole /64).
        #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u8).range(1..=128))]
        ipv6_bucket_prefix: u8,
        /// Sign challenges with the bytes of this file (at least 32) instead of the secret
        /// kept in the database.
        #[arg(long)]
        secret_file: Option<PathBuf>,
        /// Seconds a moderator's session may go unused before it ends.
        #[arg(long, default_value_t = 12 * 3600)]
        session_idle: u64,
        /// Seconds a moderator's session lasts at most, however busy (then log in again).
        #[arg(long, default_value_t = 7 * 24 * 3600)]
        session_max: u64,
        /// Days a comment stays in the trash before it is deleted forever (0: kept).
        #[arg(long, default_value_t = 30)]
        trash_days: u32,
        /// Seconds a browser may show a comment list without asking again.
        #[arg(long, default_value_t = 5)]
        list_max_age: u32,
        /// Seconds a shared cache (a CDN) may answer with a comment list without asking.
        #[arg(long, default_value_t = 5)]
        list_s_maxage: u32,
        /// Seconds a cache may still answer with a list while it asks again.
        #[arg(long, default_value_t = 5)]
        list_stale: u32,
    },
    /// Bring the database's schema up to this server's version, then exit (serve does the
    /// same at start).
    Migrate,
    /// Print comments as JSON lines (with email and IP, for moderators).
    List {
        #[arg(long, value_enum, default_value = "pending")]
        status: StatusArg,
    },
    /// Publish comments (in the audit trail as "(shell)").
    Approve { ids: Vec<i64> },
    /// Moderators' accounts.
    Moderator {
        #[command(subcommand)]
        action: ModeratorCommand,
    },
}

/// A password is read from standard input (its first line), or asked twice at a terminal
/// without showing it: never an argument, which `ps` and the shell's history would show.
#[derive(Subcommand)]
enum ModeratorCommand {
    /// Add a moderator (letters a-z, digits, '.', '_', '-'; one account whatever the case).
    Add { name: String },
    /// Print the moderators as JSON lines (name, and when added).
    List,
    /// Remove a moderator (their sessions end at once).
    Remove { name: String },
    /// Set a moderator's password (their sessions end: they log in again).
    Password { name: String },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    // Errors and warnings on stderr; RUST_LOG=balasan_server=debug,tower_http=debug shows
    // every request with its span.
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into());
    let logs = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(filter);
    match cli.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().init(),
    }
    match run(cli).await {
        Ok(code) => code,
        Err(message) => {
            eprintln!("balasan-server: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<ExitCode, String> {
    let store = match cli.database_url {
        Some(url) => Store::Postgres {
            url,
            connections: cli.db_connections,
        },
        None => Store::Sqlite(cli.db),
    };
    let db = Db::open(&store)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    match cli.command {
        Command::Serve {
            listen,
            static_dir,
            allow_origins,
            public_urls,
            moderation,
            captcha,
            require,
            captcha_ops,
            captcha_max,
            captcha_blank,
            rate_burst,
            rate_window,
            body_limit,
            min_elapsed_ms,
            head_timeout,
            body_timeout,
            max_connections,
            challenge_ttl,
            trust_proxy,
            proxy_header,
            ipv6_bucket_prefix,
            secret_file,
            session_idle,
            session_max,
            trash_days,
            list_max_age,
            list_s_maxage,
            list_stale,
        } => {
            // Bound first: with port 0, the server's own origin is known only now.
            let listener = tokio::net::TcpListener::bind(listen)
                .await
                .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
            let addr = listener
                .local_addr()
                .expect("a bound listener has an address");
            if public_urls.is_empty() && !trust_proxy.is_empty() {
                tracing::warn!(
                    "--trust-proxy without --public-url: the server's own pages (the demo, \
                     the page a refused plain form post gets) count as its own origin only at \
                     http://{addr}; give the address readers reach it at with --public-url"
                );
            }
            let own_origins = if public_urls.is_empty() {
                own_origins(addr)
            } else {
                public_urls
            };
            let settings = Settings {
                required: require,
                moderation: match moderation {
                    ModerationArg::Pending => Moderation::Pending,
                    ModerationArg::Approved => Moderation::Approved,
                },
                server_captcha: matches!(captcha, CaptchaArg::Server),
                captcha: captcha::Settings {
                    ops: captcha_ops,
                    max: captcha_max,
                    blank: captcha_blank,
                },
                allowed_origins: allow_origins,
                own_origins,
                rate_burst,
                rate_window: Duration::from_secs(rate_window.max(1)),
                body_limit,
                body_timeout: Duration::from_secs(body_timeout.max(1)),
                min_elapsed_ms,
                challenge_ttl: Duration::from_secs(challenge_ttl.max(1)),
                ipv6_bucket_prefix,
                trusted_proxies: TrustedProxies::parse(trust_proxy.iter().map(String::as_str))
                    .map_err(|e| format!("--trust-proxy: {e}"))?
                    .reading(match proxy_header {
                        ProxyHeaderArg::XForwardedFor => ProxyHeader::XForwardedFor,
                        ProxyHeaderArg::Forwarded => ProxyHeader::Forwarded,
                    }),
                sessions: Lifetimes {
                    idle: Duration::from_secs(session_idle.max(1)),
                    most: Duration::from_secs(session_max.max(1)),
                },
                trash_days,
                list_caching: ListCaching {
                    browser: list_max_age,
                    shared: list_s_maxage,
                    stale: list_stale,
                },
            };
            let state = match secret_file {
                Some(path) => {
                    let secret = std::fs::read(&path)
                        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                    if secret.len() < 32 {
                        return Err(format!(
                            "{} holds {} bytes; a secret needs at least 32 (e.g. head -c 32 /dev/urandom)",
                            path.display(),
                            secret.len()
                        ));
                    }
                    AppState::with_secret(db, settings, secret)
                }
                None => AppState::new(db, settings)
                    .await
                    .map_err(|e| format!("cannot read the signing secret: {e}"))?,
            };
            let limits = Limits {
                head_timeout: Duration::from_secs(head_timeout.max(1)),
                max_connections: max_connections.unwrap_or_else(Limits::default_max_connections),
            };
            serve(state, listener, static_dir, limits).await
        }
        Command::Migrate => {
            let version = db.version().await.map_err(|e| e.to_string())?;
            println!(
                "schema version {version} (this server's: {})",
                schema_version()
            );
            db.close().await;
            Ok(ExitCode::SUCCESS)
        }
        Command::List { status } => {
            let status = match status {
                StatusArg::Pending => Some("pending"),
                StatusArg::Approved => Some("approved"),
                StatusArg::All => None,
            };
            let rows = db.list(status).await.map_err(|e| e.to_string())?;
            for row in rows {
                println!("{}", serde_json::to_string(&row).expect("rows serialise"));
            }
            db.close().await;
            Ok(ExitCode::SUCCESS)
        }
        Command::Approve { ids } => {
            let mut ok = true;
            for id in ids {
                match db.approve(id).await {
                    Ok(true) => println!("approved {id}"),
                    Ok(false) => {
                        eprintln!("balasan-server: no comment {id}");
                        ok = false;
                    }
                    Err(e) => return Err(e.to_string()),
                }
            }
            db.close().await;
            Ok(if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Moderator { action } => {
            let done = moderator(&db, action).await;
            db.close().await;
            done
        }
    }
}

/// `balasan-server moderator …`.
async fn moderator(db: &Db, action: ModeratorCommand) -> Result<ExitCode, String> {
    let named = |typed: &str| accounts::name(typed).map_err(|e| format!("{typed:?}: {e}"));
    let failed = |e: balasan_server::db::Error| e.to_string();
    match action {
        ModeratorCommand::Add { name } => {
            let name = named(&name)?;
            let hash = accounts::hash(&new_password(&name)?);
            if !db.add_moderator(&name, &hash).await.map_err(failed)? {
                return Err(format!("there is a moderator {name} already"));
            }
            println!("added {name}");
        }
        ModeratorCommand::List => {
            for m in db.moderators().await.map_err(failed)? {
                let line = serde_json::to_string(&m).expect("moderators serialise");
                println!("{line}");
            }
        }
        ModeratorCommand::Remove { name } => {
            let name = named(&name)?;
            if !db.remove_moderator(&name).await.map_err(failed)? {
                return Err(format!("no moderator {name}"));
            }
            println!("removed {name}");
        }
        ModeratorCommand::Password { name } => {
            let name = named(&name)?;
            // Asked for only once the moderator is known to exist.
            if db.password_hash(&name).await.map_err(failed)?.is_none() {
                return Err(format!("no moderator {name}"));
            }
            let hash = accounts::hash(&new_password(&name)?);
            if !db.set_password(&name, &hash).await.map_err(failed)? {
                return Err(format!("no moderator {name}"));
            }
            println!("password set for {name}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A new password for `name`: asked twice at a terminal, else the first line of standard
/// input; checked by [`accounts::password`].
fn new_password(name: &str) -> Result<String, String> {
    use std::io::{BufRead, IsTerminal};
    let typed = if std::io::stdin().is_terminal() {
        let ask = |prompt: String| {
            rpassword::prompt_password(prompt).map_err(|e| format!("cannot read the password: {e}"))
        };
        let first = ask(format!("Password for {name}: "))?;
        if ask("The same again: ".into())? != first {
            return Err("the two passwords differ; nothing changed".into());
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
        let line = line.strip_suffix('\n').unwrap_or(&line);
        line.strip_suffix('\r').unwrap_or(line).to_owned()
    };
    accounts::password(&typed).map_err(|e| e.to_string())?;
    Ok(typed)
}

/// Serves until SIGTERM or Ctrl-C: then stops accepting connections, lets the requests under
/// way finish (each comment is one transaction: stored whole or not at all), and closes the
/// database.
async fn serve(
    state: AppState,
    listener: tokio::net::TcpListener,
    static_dir: Option<PathBuf>,
    limits: Limits,
) -> Result<ExitCode, String> {
    let db = state.db.clone();
    tokio::spawn(balasan_server::admin::empty_trash_now_and_then(
        db.clone(),
        state.settings.trash_days,
    ));
    if !balasan_server::admin::app::built_in() {
        tracing::warn!(
            "the moderation app is not built into this server: /admin/ says so \
             (run scripts/build.sh, then build the server)"
        );
    }
    let app = router(state, static_dir.as_deref());
    let addr = listener
        .local_addr()
        .expect("a bound listener has an address");
    // Tests and the demo script read this line to learn the port.
    println!("balasan-server listening on http://{addr}/");
    listen::serve(listener, app, limits, stop_signal()).await;
    tracing::info!("stopped accepting; requests under way have finished");
    db.close().await;
    Ok(ExitCode::SUCCESS)
}

/// SIGTERM (what orchestrators and systemd send) or Ctrl-C.
async fn stop_signal() {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .expect("a SIGTERM handler");
    tokio::select! {
        _ = term.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}

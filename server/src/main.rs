//! `balasan-server`: serve the API and the built widget, or moderate from the shell.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use balasan_core::captcha::{self, Blank, Op};
use balasan_core::validate::Required;
use balasan_server::db::Db;
use balasan_server::settings::{Moderation, Settings};
use balasan_server::{router, AppState};
use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(version, about = "Balasan's reference comment server (SQLite)")]
struct Cli {
    /// The SQLite file (created if missing).
    #[arg(long, global = true, default_value = "balasan.sqlite")]
    db: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum ModerationArg {
    Pending,
    Approved,
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
        /// Seconds a server challenge may be answered.
        #[arg(long, default_value_t = 600)]
        challenge_ttl: u64,
    },
    /// Print comments as JSON lines (with email and IP, for moderators).
    List {
        #[arg(long, value_enum, default_value = "pending")]
        status: StatusArg,
    },
    /// Publish pending comments.
    Approve { ids: Vec<i64> },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Errors and warnings on stderr; RUST_LOG=balasan_server=debug,tower_http=debug shows
    // every request with its span.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .init();
    let db = match Db::open(&cli.db) {
        Ok(db) => db,
        Err(e) => {
            eprintln!("balasan-server: cannot open {}: {e}", cli.db.display());
            return ExitCode::FAILURE;
        }
    };
    match cli.command {
        Command::Serve {
            listen,
            static_dir,
            allow_origins,
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
            challenge_ttl,
        } => {
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
                rate_burst,
                rate_window: Duration::from_secs(rate_window.max(1)),
                body_limit,
                min_elapsed_ms,
                challenge_ttl: Duration::from_secs(challenge_ttl.max(1)),
            };
            serve(db, settings, listen, static_dir)
        }
        Command::List { status } => {
            let status = match status {
                StatusArg::Pending => Some("pending"),
                StatusArg::Approved => Some("approved"),
                StatusArg::All => None,
            };
            match db.list(status) {
                Ok(rows) => {
                    for row in rows {
                        println!("{}", serde_json::to_string(&row).expect("rows serialise"));
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("balasan-server: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Approve { ids } => {
            let mut ok = true;
            for id in ids {
                match db.approve(id) {
                    Ok(true) => println!("approved {id}"),
                    Ok(false) => {
                        eprintln!("balasan-server: no comment {id}");
                        ok = false;
                    }
                    Err(e) => {
                        eprintln!("balasan-server: {e}");
                        ok = false;
                    }
                }
            }
            if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

#[tokio::main]
async fn serve(
    db: Db,
    settings: Settings,
    listen: SocketAddr,
    static_dir: Option<PathBuf>,
) -> ExitCode {
    let state = match AppState::new(db, settings) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("balasan-server: {e}");
            return ExitCode::FAILURE;
        }
    };
    let app = router(state, static_dir.as_deref());
    let listener = match tokio::net::TcpListener::bind(listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("balasan-server: cannot listen on {listen}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let addr = listener
        .local_addr()
        .expect("a bound listener has an address");
    // Tests and the demo script read this line to learn the port.
    println!("balasan-server listening on http://{addr}/");
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let served = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("balasan-server: {e}");
            ExitCode::FAILURE
        }
    }
}

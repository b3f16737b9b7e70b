//! The binary's own commands against a real store: `migrate`, a schema newer than the
//! binary refused by every command, and moderators' accounts (SQLite, or PostgreSQL with
//! `BALASAN_TEST_POSTGRES`).

mod support;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use balasan_server::accounts::verify;
use balasan_server::db::{schema_version, Db, Store};

fn run(store: &Store, args: &[&str]) -> Output {
    run_with(store, args, "")
}

/// Runs the binary with `input` on its standard input (not a terminal).
fn run_with(store: &Store, args: &[&str], input: &str) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_balasan-server"));
    match store {
        Store::Sqlite(path) => command.arg("--db").arg(path),
        Store::Postgres { url, .. } => command.arg("--database-url").arg(url),
    };
    let mut child = command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that reads nothing may have ended already.
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    child.wait_with_output().unwrap()
}

fn said(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Marks the database as migrated by a newer server.
async fn from_the_future(store: &Store) {
    match store {
        Store::Sqlite(path) => {
            let file = rusqlite::Connection::open(path).unwrap();
            file.pragma_update(None, "user_version", 99).unwrap();
        }
        Store::Postgres { url, .. } => {
            use sqlx::Connection;
            let mut c = sqlx::PgConnection::connect(url).await.unwrap();
            sqlx::query(
                "INSERT INTO _sqlx_migrations \
                 (version, description, success, checksum, execution_time) \
                 VALUES (99, 'from the future', TRUE, '\\x00', 0)",
            )
            .execute(&mut c)
            .await
            .unwrap();
        }
    }
}

#[tokio::test]
async fn migrate_brings_the_schema_up_and_a_newer_one_is_refused() {
    let store = support::fresh_store().await;
    let first = run(&store.store, &["migrate"]);
    assert!(first.status.success(), "{first:?}");
    let said = String::from_utf8_lossy(&first.stdout);
    assert!(
        said.starts_with(&format!("schema version {}", schema_version())),
        "{said}"
    );
    // Again: nothing to do, same answer.
    let again = run(&store.store, &["migrate"]);
    assert_eq!(again.stdout, first.stdout);

    from_the_future(&store.store).await;
    for args in [
        &["migrate"][..],
        &["serve", "--listen", "127.0.0.1:0"],
        &["list"],
    ] {
        let refused = run(&store.store, args);
        assert!(!refused.status.success(), "{args:?} ran on a newer schema");
        let why = String::from_utf8_lossy(&refused.stderr);
        assert!(
            why.contains("schema version 99, newer than this server's"),
            "{why}"
        );
    }
}

#[tokio::test]
async fn moderators_are_managed_from_the_shell_and_a_password_is_never_an_argument() {
    let store = support::fresh_store().await;
    let s = &store.store;
    let add = |name: &str, input: &str| run_with(s, &["moderator", "add", name], input);

    let added = add("Sari", "kopi-tubruk-pagi\n");
    assert!(added.status.success(), "{added:?}");
    assert_eq!(said(&added).0, "added sari\n");
    // Refused, each named, and nothing added.
    for (name, input, why) in [
        (
            "SARI",
            "kata-sandi-lain\n",
            "there is a moderator sari already",
        ),
        ("budi", "pendek\n", "a password has at least 10 characters"),
        ("budi santoso", "kata-sandi-budi\n", "no spaces"),
        ("budi", "", "a password has at least 10 characters"),
    ] {
        let refused = add(name, input);
        assert!(!refused.status.success(), "{name} {input:?} was taken");
        assert!(
            said(&refused).1.contains(why),
            "{name}: {}",
            said(&refused).1
        );
    }
    // The password as an argument: not a thing the command takes.
    let argument = run(s, &["moderator", "add", "budi", "kata-sandi-budi"]);
    assert!(!argument.status.success());
    assert!(
        said(&argument)
            .1
            .contains("unexpected argument 'kata-sandi-budi'"),
        "{}",
        said(&argument).1
    );
    // A line that ends as on Windows: the password without its CR.
    assert!(add("Budi", "kata-sandi-budi\r\n").status.success());

    // Listed by name, never with a hash.
    let listed = said(&run(s, &["moderator", "list"])).0;
    let names: Vec<String> = listed
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["name"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(names, ["budi", "sari"]);
    assert!(
        !listed.contains("argon2") && !listed.contains("password"),
        "{listed}"
    );

    // Kept as Argon2id hashes with salts of their own.
    let db = Db::open(s).await.unwrap();
    let sari = db.password_hash("sari").await.unwrap().unwrap();
    let budi = db.password_hash("budi").await.unwrap().unwrap();
    assert!(
        sari.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{sari}"
    );
    assert!(verify(&sari, "kopi-tubruk-pagi") && !verify(&sari, "kopi-tubruk-pagi\n"));
    assert!(verify(&budi, "kata-sandi-budi"));
    assert!(!sari.contains("kopi"));

    // A new password: the old one no longer opens the account.
    let changed = run_with(s, &["moderator", "password", "SARI"], "teh-manis-sore\n");
    assert!(changed.status.success(), "{changed:?}");
    let sari = db.password_hash("sari").await.unwrap().unwrap();
    assert!(verify(&sari, "teh-manis-sore") && !verify(&sari, "kopi-tubruk-pagi"));
    let nobody = run_with(
        s,
        &["moderator", "password", "tidakada"],
        "teh-manis-sore\n",
    );
    assert!(!nobody.status.success());
    assert!(said(&nobody).1.contains("no moderator tidakada"));

    // Removed: gone, and a second removal says so.
    assert!(run(s, &["moderator", "remove", "Sari"]).status.success());
    assert_eq!(db.password_hash("sari").await.unwrap(), None);
    let again = run(s, &["moderator", "remove", "sari"]);
    assert!(!again.status.success());
    assert!(said(&again).1.contains("no moderator sari"));
    assert_eq!(db.moderators().await.unwrap().len(), 1);
    db.close().await;
}

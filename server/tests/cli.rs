//! The binary's own commands against a real store: `migrate`, and a schema newer than the
//! binary refused by every command (SQLite, or PostgreSQL with `BALASAN_TEST_POSTGRES`).

mod support;

use std::process::{Command, Output};

use balasan_server::db::{schema_version, Store};

fn run(store: &Store, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_balasan-server"));
    match store {
        Store::Sqlite(path) => command.arg("--db").arg(path),
        Store::Postgres { url, .. } => command.arg("--database-url").arg(url),
    };
    command.args(args).output().unwrap()
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

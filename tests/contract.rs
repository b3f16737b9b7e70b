//! The widget against the native contract's own types (`balasan_core::contract`, which the
//! reference server reads and writes with serde): what the `balasan` preset sends is a
//! `NewComment` with the same values, and every body the server answers with is read as
//! the server means it. Native only.
#![cfg(not(target_arch = "wasm32"))]

use balasan::challenge::Challenge;
use balasan::form::Page;
use balasan::outcome::{Outcome, Reply};
use balasan::presets::Preset;
use balasan::request::{Backend, Outgoing};
use balasan_core::contract::{
    self, CaptchaAnswer, ErrorReply, NewComment, ParentId, PublicComment,
};
use balasan_core::{Comment, Field, Problem};

#[test]
fn what_the_widget_sends_is_a_new_comment() {
    let comment = Comment {
        content: "Airnya surut \"pagi ini\" 👍".into(),
        author: "Sari Dewi".into(),
        email: "sari@contoh.id".into(),
        url: "http://contoh.id".into(),
    };
    let page = Page {
        thread: "banjir-surut".into(),
        url: "https://kabar.contoh.id/banjir".into(),
        title: "Banjir Surut".into(),
    };
    let out = Outgoing {
        parent: Some("7"),
        elapsed_ms: 8100,
        honeypot: "",
        captcha: Some(("tok.1.mac", "8")),
        ..Outgoing::new(&comment, &page)
    };
    let request = Backend::new(Preset::Balasan, "/api/comments").request(&out, "k1");
    let sent: NewComment = serde_json::from_str(&request.body).expect("a NewComment");
    assert_eq!(
        sent,
        NewComment {
            post: "banjir-surut".into(),
            page_url: "https://kabar.contoh.id/banjir".into(),
            page_title: "Banjir Surut".into(),
            parent: Some(ParentId::Text("7".into())),
            author: "Sari Dewi".into(),
            email: "sari@contoh.id".into(),
            url: "http://contoh.id".into(),
            content: "Airnya surut \"pagi ini\" 👍".into(),
            captcha: Some(CaptchaAnswer {
                token: "tok.1.mac".into(),
                answer: "8".into(),
            }),
            hp: String::new(),
            elapsed_ms: Some(8100),
        }
    );
    assert_eq!(sent.parent.map(|p| p.id()), Some(Ok(Some(7))));
}

fn reply(status: u16, body: &impl serde::Serialize) -> Reply {
    Reply::new(status, &serde_json::to_string(body).unwrap())
}

fn read(reply: Reply) -> Outcome {
    Backend::new(Preset::Balasan, "/api/comments").interpret(&reply)
}

#[test]
fn what_the_server_answers_is_read_as_it_means() {
    let stored = |status: &str| PublicComment {
        id: 12,
        post: "banjir-surut".into(),
        parent: None,
        author: "Sari".into(),
        url: String::new(),
        content: "Halo".into(),
        status: status.into(),
        created_at: 1_795_000_000,
    };
    assert_eq!(
        read(reply(201, &stored("approved"))),
        Outcome::Accepted { pending: false }
    );
    assert_eq!(
        read(reply(202, &stored("pending"))),
        Outcome::Accepted { pending: true }
    );
    let fields = ErrorReply::fields(
        "invalid",
        "some fields are not valid",
        &[
            (Field::Comment, Problem::TooLong),
            (Field::Author, Problem::Missing),
            (Field::Email, Problem::Invalid),
            (Field::Url, Problem::TooShort),
        ],
    );
    assert_eq!(
        read(reply(422, &fields)),
        Outcome::Invalid(vec![
            (Field::Comment, Problem::TooLong),
            (Field::Author, Problem::Missing),
            (Field::Email, Problem::Invalid),
            (Field::Url, Problem::TooShort),
        ])
    );
    let captcha = ErrorReply::fields("captcha", "wrong", &[(Field::Captcha, Problem::Invalid)]);
    assert_eq!(
        read(reply(422, &captcha)),
        Outcome::Invalid(vec![(Field::Captcha, Problem::Invalid)])
    );
    assert_eq!(
        read(reply(409, &ErrorReply::new("duplicate", "posted before"))),
        Outcome::Duplicate
    );
    let mut limited = reply(429, &ErrorReply::new("rate_limited", "wait"));
    limited.retry_after = Some("30".into());
    assert_eq!(
        read(limited),
        Outcome::TooFast {
            retry_after: Some(30)
        }
    );
    for (status, code) in [(422, "spam"), (403, "forbidden_origin"), (500, "server")] {
        let outcome = read(reply(status, &ErrorReply::new(code, "…")));
        assert!(
            matches!(&outcome, Outcome::Failed(note) if note.contains(code)),
            "{outcome:?}"
        );
    }
}

#[test]
fn a_server_challenge_is_read_as_a_question() {
    let challenge = contract::Challenge {
        token: "0123.1795000600.abcd".into(),
        question: "7 × ? = 21".into(),
        expires_in: 600,
    };
    let read = Challenge::from_server(&serde_json::to_string(&challenge).unwrap(), 1_000);
    assert_eq!(
        read,
        Some(Challenge::Server {
            token: challenge.token,
            text: challenge.question,
            expires_at: 601_000,
        })
    );
}

//! A news site's single-page app, in Leptos, with Balasan's comment section under each
//! article as a component: switching articles unmounts one section and mounts the next.
//!
//! `trunk build` (or `trunk serve`) here; the comments go to `?endpoint=` (default
//! `/api/comments`, the reference server on the same origin).

use balasan::Comments;
use leptos::prelude::*;

/// The articles the app switches between: id, title, text.
const ARTICLES: [(&str, &str, &str); 2] = [
    (
        "pasar-pagi",
        "Pasar pagi kembali ramai setelah jalan diperbaiki",
        "Pedagang sayur di pasar pagi kelurahan mencatat pembeli bertambah sejak jalan \
         masuk diaspal ulang pekan lalu.",
    ),
    (
        "perpustakaan-keliling",
        "Perpustakaan keliling singgah di tiga desa",
        "Mobil perpustakaan membawa dua ratus buku cerita anak dan buku pertanian ke balai \
         desa setiap Sabtu.",
    ),
];

#[component]
fn App() -> impl IntoView {
    let endpoint = endpoint();
    let (shown, set_shown) = signal(0usize);
    view! {
        <nav>
            {ARTICLES
                .iter()
                .enumerate()
                .map(|(i, (_, title, _))| {
                    view! { <button type="button" on:click=move |_| set_shown.set(i)>{*title}</button> }
                })
                .collect_view()}
        </nav>
        {move || {
            let (id, title, text) = ARTICLES[shown.get()];
            view! {
                <article>
                    <h1>{title}</h1>
                    <p>{text}</p>
                </article>
                <Comments endpoint=endpoint.clone() post_id=id />
            }
        }}
    }
}

/// Where comments go: `?endpoint=` in the page's address, else the same origin's.
fn endpoint() -> String {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()
        .and_then(|p| p.get("endpoint"))
        .unwrap_or_else(|| "/api/comments".to_owned())
}

fn main() {
    leptos::mount::mount_to_body(App);
}

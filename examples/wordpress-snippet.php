<?php
/*
 * Balasan in a WordPress theme: replace the theme's comment form with the widget, posting
 * to WordPress itself. Put this in the theme's functions.php (or a small plugin), and
 * call balasan_comment_form() where comments.php calls comment_form().
 *
 * Same origin as WordPress, so no CORS is needed. 'wordpress-form' posts to
 * wp-comments-post.php exactly as the theme's own form would; use 'wordpress-rest' to go
 * through the REST API (it needs the rest_allow_anonymous_comments filter).
 */
function balasan_comment_form() {
    if (!comments_open()) {
        return;
    }
    $src = 'https://cdn.example.com/balasan/embed.js'; // where dist/ is published
    $integrity = 'sha384-…'; // "embed.js" in dist/integrity.json
    printf(
        '<script src="%s" integrity="%s" crossorigin="anonymous" data-preset="wordpress-form" data-endpoint="%s" data-post-id="%d" data-lang="%s"></script>',
        esc_url($src),
        esc_attr($integrity),
        esc_url(site_url('/wp-comments-post.php')),
        get_the_ID(),
        esc_attr(substr(get_locale(), 0, 2))
    );
}

// A page with a strict Content-Security-Policy also needs the CDN in script-src,
// style-src and connect-src, and 'wasm-unsafe-eval' in script-src (see the README).

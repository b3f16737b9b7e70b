<?php
/*
 * Must-use plugin of the end-to-end tests' WordPress: lets a widget on another origin post
 * anonymously and quickly, as a site embedding Balasan would configure it.
 */
add_filter('rest_allow_anonymous_comments', '__return_true');
// Tests post several comments within WordPress's 15-second flood window.
add_filter('comment_flood_filter', '__return_false', 99);
// CORS for the classic form handler (the REST API sends its own).
if (isset($_SERVER['HTTP_ORIGIN'])) {
    header('Access-Control-Allow-Origin: ' . $_SERVER['HTTP_ORIGIN']);
    header('Vary: Origin');
}
// The Balasan loader under a post, as a site adds it to its theme (tests ask with
// ?balasan=1): it takes the theme's own comment form over.
add_action('wp_footer', function () {
    $embed = getenv('BALASAN_EMBED');
    if ($embed && isset($_GET['balasan']) && is_singular()) {
        printf('<script src="%s" data-target="#respond" data-load="eager"></script>', esc_url($embed));
    }
});

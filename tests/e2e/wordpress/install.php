<?php
// Installs the test WordPress into its empty database and creates one open post.
// Run with php-cli; BALASAN_WP_CONFIG and WP_URL in the environment.
define('WP_INSTALLING', true);
$_SERVER['HTTP_HOST'] = parse_url(getenv('WP_URL'), PHP_URL_HOST);
$_SERVER['WORDPRESS_CONFIG'] = 'balasan-e2e';
$_SERVER['REQUEST_URI'] = '/';
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
$password = 'rahasia-uji-' . wp_rand();
wp_install('Kabar Uji', 'admin', 'admin@contoh.id', false, '', $password);
echo "ADMIN_PASSWORD=$password\n";
update_option('siteurl', getenv('WP_URL'));
update_option('home', getenv('WP_URL'));
update_option('require_name_email', 1);
update_option('comment_moderation', 0);
update_option('comment_previously_approved', 0);
update_option('default_comment_status', 'open');
// A classic theme: its single.php prints comment_form() under every post.
switch_theme('twentytwentyone');
$id = wp_insert_post([
    'post_title' => 'Sungai Cibening Bersih',
    'post_content' => 'Artikel uji untuk komentar.',
    'post_status' => 'publish',
    'comment_status' => 'open',
]);
echo "POST_ID=$id\n";
// A second post for the conversation tests, with threaded replies as WordPress ships them.
update_option('thread_comments', 1);
update_option('thread_comments_depth', 5);
$thread = wp_insert_post([
    'post_title' => 'Jembatan Gantung Dibuka',
    'post_content' => 'Artikel uji untuk percakapan.',
    'post_status' => 'publish',
    'comment_status' => 'open',
]);
echo "THREAD_ID=$thread\n";

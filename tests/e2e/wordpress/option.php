<?php
// Prints one option of the test WordPress as JSON (null when it does not exist).
// Run with php-cli; BALASAN_WP_CONFIG and WP_URL in the environment.
$_SERVER['HTTP_HOST'] = parse_url(getenv('WP_URL'), PHP_URL_HOST);
$_SERVER['WORDPRESS_CONFIG'] = 'balasan-e2e';
$_SERVER['REQUEST_URI'] = '/';
require '/usr/share/wordpress/wp-load.php';
echo json_encode(get_option($argv[1], null));

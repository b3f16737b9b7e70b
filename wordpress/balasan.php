<?php
/**
 * Plugin Name:       Balasan
 * Plugin URI:        https://www.npmjs.com/package/balasan
 * Description:       The comment form under every post, on the page at once and working without script, taken over by a small WebAssembly widget: drafts kept, a math question, clear errors in the reader's language. WordPress keeps checking and storing every comment.
 * Version:           0.0.0-dev
 * Author:            The Balasan authors
 * Requires at least: 5.9
 * Requires PHP:      7.4
 * License:           MIT
 * License URI:       https://opensource.org/licenses/MIT
 * Text Domain:       balasan
 *
 * @package Balasan
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

define( 'BALASAN_VERSION', '0.0.0-dev' );
define( 'BALASAN_OPTION', 'balasan_settings' );

require_once __DIR__ . '/includes/settings.php';
require_once __DIR__ . '/includes/embed.php';

if ( is_admin() ) {
	require_once __DIR__ . '/includes/admin.php';
}

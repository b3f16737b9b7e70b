<?php
/**
 * Deleting the plugin removes what it kept: its one option.
 *
 * @package Balasan
 */

if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}

delete_option( 'balasan_settings' );

<?php
/**
 * The plugin's settings: one option, its choices, and how a saved value is cleaned.
 *
 * @package Balasan
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The choices of each setting that has a fixed set; the first is the default.
 *
 * @return array<string, string[]>
 */
function balasan_choices() {
	return array(
		// Where comments go: WordPress's own form handler on this site by default (no CORS,
		// no REST plugin, WordPress's checks); or its REST API; or another backend.
		'preset'    => array( 'wordpress-form', 'wordpress-rest', 'balasan', 'isso', 'staticman', 'formspree' ),
		'captcha'   => array( 'on', 'off', 'server' ),
		'theme'     => array( 'light', 'dark', 'auto' ),
		// "wordpress" follows Settings → Discussion → "Comment author must fill out name and email".
		'required'  => array( 'wordpress', 'name,email', 'name', 'email', 'none' ),
		// "theme": take over the form the theme prints (comment_form()); "content": print the
		// form after the post's text, for themes that print none.
		'placement' => array( 'theme', 'content' ),
	);
}

/**
 * The saved settings, with defaults for what was never saved.
 *
 * @return array<string, string>
 */
function balasan_settings() {
	$defaults = array( 'endpoint' => '' );
	foreach ( balasan_choices() as $name => $choices ) {
		$defaults[ $name ] = $choices[0];
	}
	$saved = get_option( BALASAN_OPTION, array() );
	return array_merge( $defaults, is_array( $saved ) ? array_intersect_key( $saved, $defaults ) : array() );
}

/**
 * Cleans a submitted settings form: a value outside its choices falls back to the default,
 * the endpoint must be a http(s) URL or empty.
 *
 * @param mixed $input What the settings form sent.
 * @return array<string, string>
 */
function balasan_sanitize( $input ) {
	$input = is_array( $input ) ? $input : array();
	$clean = array();
	foreach ( balasan_choices() as $name => $choices ) {
		$value          = isset( $input[ $name ] ) ? sanitize_text_field( wp_unslash( $input[ $name ] ) ) : '';
		$clean[ $name ] = in_array( $value, $choices, true ) ? $value : $choices[0];
	}
	$endpoint          = isset( $input['endpoint'] ) ? trim( sanitize_text_field( wp_unslash( $input['endpoint'] ) ) ) : '';
	$clean['endpoint'] = '' === $endpoint ? '' : esc_url_raw( $endpoint, array( 'http', 'https' ) );
	$needs_endpoint    = ! in_array( $clean['preset'], array( 'wordpress-form', 'wordpress-rest' ), true );
	if ( $needs_endpoint && '' === $clean['endpoint'] && function_exists( 'add_settings_error' ) ) {
		add_settings_error(
			BALASAN_OPTION,
			'balasan-endpoint',
			__( 'This backend needs the address that receives comments. Until it has one, readers get the theme\'s own form.', 'balasan' )
		);
	}
	return $clean;
}

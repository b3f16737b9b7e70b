<?php
/**
 * Puts Balasan under every post with comments open: the loader script with the site's
 * settings as data-* attributes, taking over the theme's comment form in place.
 *
 * @package Balasan
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The widget's language from the site's locale: id_ID → id, ms_MY → ms, else en.
 *
 * @return string
 */
function balasan_lang() {
	$lang = strtolower( substr( determine_locale(), 0, 2 ) );
	return in_array( $lang, array( 'id', 'ms' ), true ) ? $lang : 'en';
}

/**
 * The loader's data-* attributes for this post, from the settings.
 *
 * @return array<string, string>|null Null when the widget has nowhere to send.
 */
function balasan_attributes() {
	$s     = balasan_settings();
	$attrs = array(
		'data-preset'  => $s['preset'],
		'data-lang'    => balasan_lang(),
		'data-captcha' => $s['captcha'],
		'data-theme'   => $s['theme'],
	);
	$attrs['data-required'] = 'wordpress' === $s['required']
		? ( get_option( 'require_name_email' ) ? 'name,email' : 'none' )
		: $s['required'];
	if ( 'wordpress-rest' === $s['preset'] ) {
		$attrs['data-endpoint'] = $s['endpoint'] ? $s['endpoint'] : rest_url( 'wp/v2/comments' );
		$attrs['data-post-id']  = (string) get_the_ID();
	} elseif ( 'wordpress-form' !== $s['preset'] ) {
		if ( '' === $s['endpoint'] ) {
			return null; // Readers keep the theme's form (balasan_sanitize told the admin).
		}
		$attrs['data-endpoint'] = $s['endpoint'];
		$attrs['data-post-id']  = (string) get_the_ID();
	} elseif ( 'content' === $s['placement'] ) {
		// Not the theme's form: the loader needs WordPress's address and the post.
		$attrs['data-endpoint'] = site_url( '/wp-comments-post.php' );
		$attrs['data-post-id']  = (string) get_the_ID();
	}
	// (wordpress-form taking over the theme's form reads its address, post id and hidden
	// fields from that form: they stay the theme's, nonces included.)
	$attrs['data-target'] = 'content' === $s['placement'] ? '#balasan-comments' : '#respond';
	return $attrs;
}

/** Whether this request shows a post that takes comments. */
function balasan_applies() {
	return is_singular() && comments_open() && ! post_password_required();
}

add_action(
	'wp_enqueue_scripts',
	function () {
		if ( ! balasan_applies() || null === balasan_attributes() ) {
			return;
		}
		wp_enqueue_script( 'balasan', plugins_url( 'assets/embed.js', __DIR__ ), array(), BALASAN_VERSION, true );
	}
);

/**
 * The hashes of the widget's files (assets/integrity.json, written at build time).
 *
 * @return array<string, string>
 */
function balasan_integrity() {
	static $hashes = null;
	if ( null === $hashes ) {
		$json   = file_get_contents( dirname( __DIR__ ) . '/assets/integrity.json' ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a file of the plugin's own.
		$hashes = is_string( $json ) ? json_decode( $json, true ) : array();
	}
	return is_array( $hashes ) ? $hashes : array();
}

// The loader's tag: its settings, and an integrity pin (embed.js carries the pins of the
// files it loads in turn).
add_filter(
	'script_loader_tag',
	function ( $tag, $handle, $src ) {
		if ( 'balasan' !== $handle ) {
			return $tag;
		}
		$attrs  = balasan_attributes();
		$hashes = balasan_integrity();
		$out    = '<script src="' . esc_url( $src ) . '"';
		if ( isset( $hashes['embed.js'] ) ) {
			$out .= ' integrity="' . esc_attr( $hashes['embed.js'] ) . '" crossorigin="anonymous"';
		}
		foreach ( (array) $attrs as $name => $value ) {
			$out .= ' ' . esc_attr( $name ) . '="' . esc_attr( $value ) . '"';
		}
		return $out . "></script>\n";
	},
	10,
	3
);

// "content" placement: a place for the form after the post's text.
add_filter(
	'the_content',
	function ( $content ) {
		$s = balasan_settings();
		if ( 'content' !== $s['placement'] || ! balasan_applies() || ! in_the_loop() || ! is_main_query() ) {
			return $content;
		}
		return $content . '<div id="balasan-comments" class="balasan-comments-host"></div>';
	}
);

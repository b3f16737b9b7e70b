<?php
/**
 * Settings → Balasan: WordPress's Settings API (its nonce, the manage_options capability,
 * balasan_sanitize() on every save), and a link from the plugin's row.
 *
 * @package Balasan
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

add_action(
	'admin_init',
	function () {
		register_setting(
			'balasan',
			BALASAN_OPTION,
			array(
				'type'              => 'array',
				'sanitize_callback' => 'balasan_sanitize',
				'show_in_rest'      => false,
			)
		);
		add_settings_section( 'balasan_main', '', '__return_false', 'balasan' );
		$labels = array(
			'preset'    => __( 'Where comments go', 'balasan' ),
			'endpoint'  => __( 'Address that receives comments', 'balasan' ),
			'captcha'   => __( 'Math question', 'balasan' ),
			'required'  => __( 'Required fields', 'balasan' ),
			'theme'     => __( 'Colours', 'balasan' ),
			'placement' => __( 'Where the form goes', 'balasan' ),
		);
		foreach ( $labels as $name => $label ) {
			add_settings_field(
				'balasan_' . $name,
				$label,
				'balasan_field',
				'balasan',
				'balasan_main',
				array(
					'name'      => $name,
					'label_for' => 'balasan_' . $name,
				)
			);
		}
	}
);

/**
 * What each choice is called on the settings page.
 *
 * @return array<string, string>
 */
function balasan_choice_labels() {
	return array(
		'wordpress-form' => __( 'This site (WordPress\'s comment form handler)', 'balasan' ),
		'wordpress-rest' => __( 'This site, through the REST API', 'balasan' ),
		'balasan'        => __( 'A Balasan server', 'balasan' ),
		'isso'           => 'Isso',
		'staticman'      => 'Staticman',
		'formspree'      => 'Formspree',
		'on'             => __( 'Asked and checked in the browser', 'balasan' ),
		'off'            => __( 'Off', 'balasan' ),
		'server'         => __( 'Issued and checked by the server (Balasan server only)', 'balasan' ),
		'light'          => __( 'Light', 'balasan' ),
		'dark'           => __( 'Dark', 'balasan' ),
		'auto'           => __( 'As the reader\'s device', 'balasan' ),
		'wordpress'      => __( 'As Settings → Discussion says', 'balasan' ),
		'name,email'     => __( 'Name and email', 'balasan' ),
		'name'           => __( 'Name', 'balasan' ),
		'email'          => __( 'Email', 'balasan' ),
		'none'           => __( 'None (only the comment)', 'balasan' ),
		'theme'          => __( 'Take over the theme\'s comment form', 'balasan' ),
		'content'        => __( 'After the post\'s text (for themes that print no comment form)', 'balasan' ),
	);
}

/**
 * One field of the settings form.
 *
 * @param array{name: string} $args Which setting.
 */
function balasan_field( $args ) {
	$settings = balasan_settings();
	$name     = $args['name'];
	$id       = 'balasan_' . $name;
	$field    = BALASAN_OPTION . '[' . $name . ']';
	if ( 'endpoint' === $name ) {
		printf(
			'<input type="url" class="regular-text code" id="%s" name="%s" value="%s" placeholder="https://">',
			esc_attr( $id ),
			esc_attr( $field ),
			esc_attr( $settings['endpoint'] )
		);
		echo '<p class="description">' . esc_html__( 'Only for backends other than this site.', 'balasan' ) . '</p>';
		return;
	}
	$labels = balasan_choice_labels();
	printf( '<select id="%s" name="%s">', esc_attr( $id ), esc_attr( $field ) );
	foreach ( balasan_choices()[ $name ] as $choice ) {
		printf(
			'<option value="%s"%s>%s</option>',
			esc_attr( $choice ),
			selected( $settings[ $name ], $choice, false ),
			esc_html( isset( $labels[ $choice ] ) ? $labels[ $choice ] : $choice )
		);
	}
	echo '</select>';
}

add_action(
	'admin_menu',
	function () {
		add_options_page(
			__( 'Balasan', 'balasan' ),
			__( 'Balasan', 'balasan' ),
			'manage_options',
			'balasan',
			function () {
				if ( ! current_user_can( 'manage_options' ) ) {
					return;
				}
				echo '<div class="wrap"><h1>' . esc_html( get_admin_page_title() ) . '</h1>';
				echo '<form action="options.php" method="post">';
				settings_fields( 'balasan' );
				do_settings_sections( 'balasan' );
				submit_button();
				echo '</form></div>';
			}
		);
	}
);

add_filter(
	'plugin_action_links_' . plugin_basename( dirname( __DIR__ ) . '/balasan.php' ),
	function ( $links ) {
		$url = admin_url( 'options-general.php?page=balasan' );
		array_unshift( $links, '<a href="' . esc_url( $url ) . '">' . esc_html__( 'Settings', 'balasan' ) . '</a>' );
		return $links;
	}
);

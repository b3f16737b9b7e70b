<?php
// Router for `php -S` serving Debian's WordPress for the end-to-end tests.
// Debian's wp-config.php picks /etc/wordpress/config-$WORDPRESS_CONFIG.php; scripts/setup.sh
// writes that file once, and it loads the test instance's own settings from
// $BALASAN_WP_CONFIG (a file in the test's temporary directory).
$_SERVER['WORDPRESS_CONFIG'] = 'balasan-e2e';
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$root = '/usr/share/wordpress';

// wp-comments-post.php answers OPTIONS with 405 before WordPress loads; a page on another
// origin only sends simple form posts there, but answer a preflight anyway.
if ($_SERVER['REQUEST_METHOD'] === 'OPTIONS' && $path === '/wp-comments-post.php') {
    header('Access-Control-Allow-Origin: ' . ($_SERVER['HTTP_ORIGIN'] ?? '*'));
    header('Access-Control-Allow-Methods: POST');
    header('Access-Control-Allow-Headers: Content-Type, Accept');
    http_response_code(204);
    return true;
}

// Plugins live in the instance's own wp-content (WP_CONTENT_DIR), outside the package's tree.
$content = getenv('BALASAN_WP_CONTENT');
if ($content && str_starts_with($path, '/wp-content/plugins/')) {
    $file = realpath($content . substr($path, strlen('/wp-content')));
    if ($file !== false && is_file($file) && str_starts_with($file, $content . '/plugins/')
        && !str_ends_with($file, '.php')) {
        $types = ['js' => 'text/javascript', 'css' => 'text/css', 'wasm' => 'application/wasm',
            'json' => 'application/json', 'html' => 'text/html; charset=utf-8'];
        header('Content-Type: ' . ($types[pathinfo($file, PATHINFO_EXTENSION)] ?? 'application/octet-stream'));
        readfile($file);
        return true;
    }
}

$file = realpath($root . $path);
if ($file !== false && is_file($file) && str_starts_with($file, $root . '/')) {
    if (!str_ends_with($file, '.php')) {
        return false; // static files: let the built-in server send them
    }
    chdir(dirname($file));
    require $file;
    return true;
}
chdir($root);
require $root . '/index.php';

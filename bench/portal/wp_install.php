<?php
// Installs WordPress in the directory given and publishes the posts of a JSON file, the same
// articles the portal benchmark publishes on Qorgan:
//   php wp_install.php WP_DIR SITE_URL POSTS.json
// POSTS.json: [{"title", "lead", "body", "date"}], body in paragraphs separated by blank lines.
// Prints the address of the post in the middle of the list (the article page measured).
define('WP_INSTALLING', true);
[, $dir, $site, $posts_file] = $argv;
$_SERVER['HTTP_HOST'] = parse_url($site, PHP_URL_HOST) . ':' . parse_url($site, PHP_URL_PORT);
$_SERVER['REQUEST_URI'] = '/';
require $dir . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
$installed = wp_install('Qorgan portal benchmark', 'bench', 'bench@example.invalid', true, '', wp_generate_password(24));
if (is_wp_error($installed)) { fwrite(STDERR, $installed->get_error_message() . "\n"); exit(1); }
$posts = json_decode(file_get_contents($posts_file), true);
$ids = [];
foreach ($posts as $p) {
  $id = wp_insert_post([
    'post_title' => $p['title'],
    'post_excerpt' => $p['lead'],
    'post_content' => $p['lead'] . "\n\n" . $p['body'],
    'post_status' => 'publish',
    'post_author' => 1,
    'post_date_gmt' => gmdate('Y-m-d H:i:s', strtotime($p['date'])),
    'post_date' => get_date_from_gmt(gmdate('Y-m-d H:i:s', strtotime($p['date']))),
  ], true);
  if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message() . "\n"); exit(1); }
  $ids[] = $id;
}
echo get_permalink($ids[intdiv(count($ids), 2)]), "\n";

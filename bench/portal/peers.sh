#!/usr/bin/env bash
# The portal benchmark's peers, on this machine, in WORK (nothing outside it is written):
#   peers.sh start WORK STATIC_PORT WP_PORT POSTS.json
#     nginx serving WORK/www as static files on STATIC_PORT (gzip_static: WORK/www/X.gz is sent
#     to a client that accepts gzip), the ceiling; and WordPress from Debian's package (a copy in
#     WORK/wp with its own wp-config.php) behind the same nginx on WP_PORT through php-fpm (8
#     workers, opcache on), on MariaDB in WORK/mysql (socket only), with the posts of POSTS.json.
#     Prints the address of WordPress's middle post.
#   peers.sh stop WORK
set -euo pipefail
cmd=$1 work=$2
here=$(cd "$(dirname "$0")" && pwd)

stop() {
  for f in nginx php-fpm mariadb; do
    pid=$(cat "$work/$f.pid" 2>/dev/null) && kill "$pid" 2>/dev/null || true
  done
  for f in nginx php-fpm mariadb; do
    for _ in $(seq 50); do
      pid=$(cat "$work/$f.pid" 2>/dev/null) && kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  done
}
if [ "$cmd" = stop ]; then stop; exit 0; fi

static_port=$3 wp_port=$4 posts=$5
fpm=$(command -v php-fpm8.2 || ls /usr/sbin/php-fpm* 2>/dev/null | head -1)
for need in nginx mariadbd mariadb-install-db php "$fpm"; do
  command -v "$need" >/dev/null || { echo "peers.sh: $need is missing (scripts/setup installs it)" >&2; exit 1; }
done
[ -f /usr/share/wordpress/wp-settings.php ] || { echo "peers.sh: Debian's wordpress package is missing" >&2; exit 1; }
mkdir -p "$work/www"

mariadb-install-db --no-defaults --user="$(id -un)" --datadir="$work/mysql" --skip-test-db \
  --auth-root-authentication-method=normal >"$work/mariadb-install.log" 2>&1
mariadbd --no-defaults --user="$(id -un)" --datadir="$work/mysql" --socket="$work/mysql.sock" \
  --pid-file="$work/mariadb.pid" --skip-networking --skip-log-bin --innodb-buffer-pool-size=256M \
  >"$work/mariadb.log" 2>&1 &
for _ in $(seq 100); do [ -S "$work/mysql.sock" ] && break; sleep 0.1; done
mariadb --no-defaults -S "$work/mysql.sock" -u root -e 'CREATE DATABASE wordpress'

cp -a /usr/share/wordpress "$work/wp"
rm -f "$work/wp/wp-config.php"
cat >"$work/wp/wp-config.php" <<PHP
<?php
define('DB_NAME', 'wordpress');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', 'localhost:$work/mysql.sock');
define('WP_HOME', 'http://127.0.0.1:$wp_port');
define('WP_SITEURL', 'http://127.0.0.1:$wp_port');
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('DISABLE_WP_CRON', true);
\$table_prefix = 'wp_';
if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
PHP

cat >"$work/php-fpm.conf" <<CONF
[global]
pid = $work/php-fpm.pid
error_log = $work/php-fpm.log
daemonize = yes
[bench]
listen = $work/php.sock
listen.mode = 0666
pm = static
pm.max_children = 8
CONF
"$fpm" -R -y "$work/php-fpm.conf"

cat >"$work/nginx.conf" <<CONF
user $(id -un);
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 2048; }
http {
  access_log off;
  keepalive_requests 1000000;
  include /etc/nginx/mime.types;
  server {
    listen 127.0.0.1:$static_port;
    root $work/www;
    default_type text/html;
    gzip_static on;
  }
  server {
    listen 127.0.0.1:$wp_port;
    root $work/wp;
    index index.php;
    gzip on;
    location / { try_files \$uri \$uri/ /index.php?\$args; }
    location ~ \.php\$ {
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
      fastcgi_param HTTP_HOST \$host:\$server_port;
      fastcgi_pass unix:$work/php.sock;
    }
  }
}
CONF
nginx -c "$work/nginx.conf"
php "$here/wp_install.php" "$work/wp" "http://127.0.0.1:$wp_port" "$posts" 2>"$work/wp-install.log" || {
  cat "$work/wp-install.log" >&2; stop; exit 1; }

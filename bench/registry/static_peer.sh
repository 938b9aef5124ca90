# Sourced by the registry read benchmarks: nginx serving $work/www as static JSON on port $1,
# the ceiling an HTTP server reaches on this machine. Uses the caller's $work and adds the
# server's pid to the caller's pids array (which its cleanup kills).
serve_static() {
  cat >"$work/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$1; root $work/www; }
}
CONF
  nginx -c "$work/nginx.conf" &
  pids+=($!)
  sleep 0.5
}

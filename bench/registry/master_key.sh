# Sourced by the registry's list scripts before they start a server on "$db": exports
# QORGAN_MASTER_KEY, the key that opens the database's sealed IINs, so that two builds' bodies
# are compared with the IINs in them. A SQLite database made without that variable keeps its own
# key in master.key beside the file: that key is used, and a different QORGAN_MASTER_KEY is
# refused (the server would take it, open no IIN and list the people without them). Otherwise
# (PostgreSQL, or a SQLite file made with the variable) the variable, or the benchmarks' key.
if [[ $db == sqlite:* ]] && [ -f "$(dirname "${db#sqlite:}")/master.key" ]; then
  own_key=$(head -n 1 "$(dirname "${db#sqlite:}")/master.key" | tr -d '[:space:]')
  if [ -n "${QORGAN_MASTER_KEY:-}" ] && [ "$QORGAN_MASTER_KEY" != "$own_key" ]; then
    echo "$(basename "$0"): QORGAN_MASTER_KEY is not the key of $db (its master.key):" \
      "its IINs would not be opened; unset QORGAN_MASTER_KEY to use the database's own key" >&2
    exit 2
  fi
  export QORGAN_MASTER_KEY=$own_key
else
  export QORGAN_MASTER_KEY=${QORGAN_MASTER_KEY:-$(printf 'b1%.0s' $(seq 32))}
fi

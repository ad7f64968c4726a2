# Sourced by the dev scripts: tools installed by dev/setup come first on PATH.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$ROOT/dev/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

build_ui() {
  printf '\033[1m[build]\033[0m trunk build --release (UI → dist/)\n'
  (cd "$ROOT" && trunk build --release --offline)
}

# Sourced by the dev scripts: tools installed by dev/setup come first on PATH.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$ROOT/dev/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

build_ui() {
  printf '\033[1m[build]\033[0m trunk build --release (UI → dist/)\n'
  # Its own target directory: the wasm-release build shares no artifact with the native debug
  # builds, and apart it can run while another cargo holds target/ (dev/test builds it beside
  # the integration tests).
  (cd "$ROOT" && CARGO_TARGET_DIR="$ROOT/target/ui" trunk build --release --offline)
}

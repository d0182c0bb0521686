#!/bin/sh
# The layering rules of DESIGN.md, checked on the source tree:
#   app/ never includes SDL (the core is testable with no display);
#   screens never call SDL, SDL_ttf or SQLite (they go through ui.h and catalog.h).
#   layers.sh SOURCE_DIR
set -u
src=$1
failures=0

found=$(grep -rnE '#[[:space:]]*include[[:space:]]*[<"](SDL|SDL2/|SDL_ttf|SDL_image)' \
    "$src/app" "$src/include/frontdoor/catalog.h" "$src/include/frontdoor/import.h" \
    "$src/include/frontdoor/config.h" "$src/include/frontdoor/clock.h" \
    "$src/include/frontdoor/i18n.h" "$src/include/frontdoor/paths.h" \
    "$src/include/frontdoor/mem.h")
if [ -n "$found" ]; then
    echo "FAIL: the core includes SDL:"
    echo "$found"
    failures=$((failures + 1))
fi

found=$(grep -rnE '\b(SDL_[A-Za-z0-9_]+|TTF_[A-Za-z0-9_]+|sqlite3_[a-z0-9_]+)[[:space:]]*\(|#[[:space:]]*include[[:space:]]*[<"](SDL|sqlite3)' \
    "$src/ui/screens")
if [ -n "$found" ]; then
    echo "FAIL: screens call SDL, SDL_ttf or SQLite directly:"
    echo "$found"
    failures=$((failures + 1))
fi

# Only render.c and text.c draw; only kiosk.c and script.c handle SDL events.
found=$(grep -lE '\bSDL_Render(Fill|Geometry|Copy|Clear|DrawLine)' "$src"/ui/*.c "$src"/ui/screens/*.c |
    grep -vE '/(render|text)\.c$')
if [ -n "$found" ]; then
    echo "FAIL: drawing outside render.c and text.c: $found"
    failures=$((failures + 1))
fi

echo "$((3 - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]

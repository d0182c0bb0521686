#!/bin/sh
# Every interface language is complete: each .po in locales/ passes
# msgfmt --check with nothing untranslated or fuzzy, matches the template
# (msgcmp), says its plural forms, and one exists for every language the
# kiosk offers. A machine-drafted .po must be listed so in the README.
#   translations.sh SOURCE_DIR
set -eu
src=$1
status=0
say() {
    echo "translations: $*" >&2
    status=1
}

langs="fi sv da nb es ar fa uk ru so ti"
for lang in $langs; do
    [ -f "$src/locales/$lang.po" ] || say "locales/$lang.po is missing"
done
for po in "$src"/locales/*.po; do
    lang=$(basename "$po" .po)
    stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1) || {
        say "$lang.po: msgfmt --check failed: $stats"
        continue
    }
    case $stats in
    *untranslated* | *fuzzy*) say "$lang.po: $stats" ;;
    esac
    out=$(msgcmp "$po" "$src/locales/frontdoor.pot" 2>&1) || say "$lang.po: msgcmp: $out"
    grep -q '^"Plural-Forms: nplurals=[0-9]; plural=' "$po" || say "$lang.po: no Plural-Forms"
    if grep -q '^# Machine-drafted' "$po"; then
        grep -q "^| $lang | .*machine-drafted" "$src/README.md" ||
            say "$lang.po is machine-drafted but the README's language table does not say so"
        [ -f "$src/locales/glossary/$lang.md" ] || say "locales/glossary/$lang.md is missing"
    fi
done
[ $status = 0 ] && echo "translations: every .po complete and checked"
exit $status

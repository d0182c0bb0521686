#!/bin/bash
# Writes a valid catalogue bundle whose one service ("svc-long", need code
# "long") has a description of KIB kibibytes of plain sentences, as a long
# description a real bundle could carry: one paragraph (the hardest case for
# line breaking), or paragraphs of PARA sentences. The importer takes at most
# 64 KiB of text in one string; a larger KIB writes a bundle that validation
# rejects, for timing the layout on its own.
# Usage: tests/bench/long-bundle.sh KIB OUT.json [PARA]
set -eu
kib=$1 out=$2 para=${3:-0}

awk -v bytes=$((kib * 1024)) -v para="$para" '
BEGIN {
    n = split("You can come without an appointment and you do not need to give your name.|" \
              "The staff speak many languages and can book an interpreter for you.|" \
              "If you are not sure whether this is the right place, come and ask: we will help you find the right service.|" \
              "Bring any letters you have received, even if you have not opened them.|" \
              "We keep what you tell us private unless someone is in danger.|" \
              "Children are welcome, and there is a quiet room where they can play.|" \
              "On Thursdays a lawyer is here in the afternoon to answer questions about housing and debt.|" \
              "You do not need a bank account, an address or an identity card to get help.|" \
              "Our building has a lift and a toilet for wheelchair users on the ground floor.|" \
              "If you cannot come in person, call us and we will find another way to meet.|" \
              "Food parcels are given out every morning until they run out.|" \
              "Tell the person at the door which language you speak, and we will do the rest.", s, "|")
    text = ""
    seed = 12345
    count = 0
    while (length(text) < bytes) {
        seed = (seed * 1103515245 + 12345) % 2147483648
        sentence = s[1 + int(seed / 65536) % n]
        count++
        sep = count == 1 ? "" : (para > 0 && count % para == 1 ? "\\n" : " ")
        if (length(text) + length(sep) + length(sentence) > bytes)
            break
        text = text sep sentence
    }
    printf "%s", text
}' >"$out.desc"

cat >"$out" <<EOF
{
 "format": "frontdoor-catalogue",
 "version": 1,
 "language": "en",
 "taxonomy_terms": [
  {"id": "need-long", "code": "long", "name": "A need with long text", "taxonomy": "frontdoor-need"}
 ],
 "services": [
  {
   "id": "svc-long",
   "name": "A service with a $kib KiB description",
   "status": "active",
   "description": "$(cat "$out.desc")",
   "organization": {"id": "org-long", "name": "Long Text Association"},
   "phones": [{"id": "ph-long", "number": "+44 20 7946 0999"}],
   "attributes": [{"id": "attr-long", "taxonomy_term_id": "need-long"}]
  }
 ]
}
EOF
rm -f "$out.desc"

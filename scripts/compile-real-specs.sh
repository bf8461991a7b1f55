#!/bin/sh
# The developer's full check of the generator: every operation of every real OpenAPI file in
# ../shared/specs/real and of Zoom's whole Phone API generated, and each generated .cpp compiled
# on its own with the project's warnings as errors (CI compiles a bounded set of tags of each
# through zoom_generate(); see tests/CMakeLists.txt). One translation unit per tag keeps memory
# bounded: a whole API as one unity translation unit needs over 10 GB. OPT sets the optimisation
# (default -O0: the compile errors and the warnings that need no optimiser), JOBS the parallel
# compilers (default 2), ONLY the APIs to compile (ids below, space-separated; default all).
# Prints one line per API: files, failures, seconds.
set -eu
cd "$(dirname "$0")/.."
shared=../shared/specs
[ -d "$shared/real" ] || { echo "compile-real-specs: $shared/real is absent: nothing to compile" >&2; exit 1; }
out=build/real-specs
cmake --preset ci >/dev/null
cmake --build --preset ci --target zoom-codegen >/dev/null
codegen=build/ci/codegen/zoom-codegen
flags="-std=c++20 ${OPT:--O0} -Wall -Wextra -Wpedantic -Werror -Wno-mismatched-new-delete"
status=0
for entry in openai:real/openai-openapi-3.1.yaml asana:real/asana.yaml pagerduty:real/pagerduty-rest.json \
             spotify:real/spotify-web-api.yaml zoom_phone_api:zoom-phone-api-2024-12.json; do
  id=${entry%%:*}
  case " ${ONLY:-$id} " in *" $id "*) ;; *) continue ;; esac
  spec=$shared/${entry#*:}
  rm -rf "$out/$id" && mkdir -p "$out/$id/obj"
  "$codegen" --spec "$spec" --out "$out/$id" --namespace "real::$id" 2>"$out/$id/warnings.txt" >"$out/$id/summary.txt"
  start=$(date +%s)
  # Each file compiles or leaves its errors in obj/<file>.log; the list of failures is obj/failed.
  ls "$out/$id/src" | xargs -P "${JOBS:-2}" -I{} sh -c \
    "g++ $flags -I$out/$id/include -Iruntime/include -c $out/$id/src/{} -o $out/$id/obj/{}.o \
       >$out/$id/obj/{}.log 2>&1 || echo {} >>$out/$id/obj/failed"
  files=$(ls "$out/$id/src" | wc -l)
  failed=$(cat "$out/$id/obj/failed" 2>/dev/null | wc -l)
  echo "compile-real-specs: $id: $(sed 's/ ->.*//; s/^zoom-codegen: //' "$out/$id/summary.txt"); $files files compiled, $failed failed, $(( $(date +%s) - start )) s"
  [ "$failed" -eq 0 ] || { status=1; sed 's|^|  failed: |' "$out/$id/obj/failed"; }
done
exit $status

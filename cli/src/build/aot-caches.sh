#!/usr/bin/env bash
# Builds the JDK 25+ ahead-of-time caches beside the CLI jar (run by `mvn package`, after the jar):
#   TARGET/mxnotify-client.aot   send, queue, login... (StartupTraining client)
#   TARGET/mxnotify-serve.aot    serve (StartupTraining serve)
#   TARGET/mxnotify-aot.java     the java that built them: the ./mxnotify launcher runs that JVM with them
# A JDK 25 AOT cache holds classes already loaded and linked, and method profiles, from a training run;
# the bytecode stays Java 17 and JDK 17 keeps using the class data sharing archive (mxnotify.jsa).
# The JDK is $MXNOTIFY_AOT_JAVA_HOME, else the newest JDK 25+ under /usr/lib/jvm; with none, nothing is
# built and nothing fails.
set -euo pipefail
target="$1"
jar="$target/mxnotify.jar"
rm -f "$target"/mxnotify-*.aot "$target/mxnotify-aot.java"

major() { # the feature version of a java binary, or 0
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1 | grep -E '^[0-9]+$' || echo 0
}

java=""
best=0
for home in ${MXNOTIFY_AOT_JAVA_HOME:-} /usr/lib/jvm/*; do
  [ -x "$home/bin/java" ] || continue
  v="$(major "$home/bin/java")"
  if [ "$v" -ge 25 ] && [ "$v" -gt "$best" ]; then java="$home/bin/java"; best="$v"; fi
  [ -n "${MXNOTIFY_AOT_JAVA_HOME:-}" ] && [ "$home" = "$MXNOTIFY_AOT_JAVA_HOME" ] && [ -n "$java" ] && break
done
if [ -z "$java" ]; then
  echo "aot-caches.sh: no JDK 25+ found; the launcher uses the class data sharing archive" >&2
  exit 0
fi

for mode in client serve; do
  log="$target/mxnotify-$mode-aot.log"
  gc=-XX:+UseSerialGC
  [ "$mode" = serve ] && gc=-XX:+UseParallelGC   # the collector the launcher gives serve
  if ! "$java" "-XX:AOTCacheOutput=$target/mxnotify-$mode.aot" -Xlog:aot*=warning,cds*=warning:file="$log" \
      "$gc" -cp "$jar" io.mxnotify.cli.internal.StartupTraining "$mode" >"$log.out" 2>&1; then
    cat "$log.out" >&2
    echo "aot-caches.sh: the $mode training run failed with $java (output above); no AOT cache" >&2
    rm -f "$target"/mxnotify-*.aot
    exit 0
  fi
done
# Written last: the launcher uses the caches only once this file names the JVM they belong to.
echo "$java" >"$target/mxnotify-aot.java"

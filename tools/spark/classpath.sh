#!/usr/bin/env bash
# Prints the classpath of Spark (spark-sql_2.13 at the version visft-spark compiles against, and its
# dependencies) from the local Maven repository: the jars a Spark installation ships, for running the
# application jar without one. Cached in visft-spark/target/spark-classpath.txt.
#   tools/spark/classpath.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="$root/visft-spark/target/spark-classpath.txt"
if [[ ! -s "$cache" ]]; then
  version="$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' "$root/visft-spark/pom.xml")"
  mkdir -p "$root/visft-spark/target"
  mvn -o -B -q -f "$here/pom.xml" -Dspark.version="$version" dependency:build-classpath \
    -Dmdep.outputFile="$cache.tmp" >/dev/null
  mv "$cache.tmp" "$cache"
fi
cat "$cache"

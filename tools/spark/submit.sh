#!/usr/bin/env bash
# spark-submit without a Spark installation: runs Spark's own launcher class,
# org.apache.spark.deploy.SparkSubmit, on Spark's jars from the local Maven repository
# (tools/spark/classpath.sh), with the --add-opens flags Java 17 needs (those Spark's launcher adds,
# org.apache.spark.launcher.JavaModuleOptions). Arguments are spark-submit's, e.g.
#   tools/spark/submit.sh --master 'local[2]' --class io.visft.spark.EmbedImagesApp \
#     visft-spark/target/visft-spark-0.1.0-SNAPSHOT-app.jar --images imgs/ --recursive ...
# Driver heap: SPARK_DRIVER_MEMORY (default 4g).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec java -Xmx"${SPARK_DRIVER_MEMORY:-4g}" -Xss8m \
  -XX:+IgnoreUnrecognizedVMOptions \
  --add-opens=java.base/java.lang=ALL-UNNAMED \
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
  --add-opens=java.base/java.io=ALL-UNNAMED \
  --add-opens=java.base/java.net=ALL-UNNAMED \
  --add-opens=java.base/java.nio=ALL-UNNAMED \
  --add-opens=java.base/java.util=ALL-UNNAMED \
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED \
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED \
  --add-opens=java.base/sun.security.action=ALL-UNNAMED \
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED \
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED \
  -Dio.netty.tryReflectionSetAccessible=true \
  -cp "$("$here/classpath.sh")" org.apache.spark.deploy.SparkSubmit "$@"

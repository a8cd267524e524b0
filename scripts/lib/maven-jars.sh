# Fetches Java libraries from Maven Central into the cache with a throwaway pom (Spark's own
# `spark.jars.packages` resolver cannot reach the registry on every machine; Maven can).
# Sourced by scripts/spark-demo.sh.
#   maven_jars <dest dir> <groupId:artifactId:version[:exclusion-group]> ...
# The jars of each artifact and its runtime dependencies land in <dest dir>; a stamp file keyed by
# the artifact list makes the second call free.
maven_jars() {
  local dest=$1
  shift
  local key
  key=$(printf '%s\n' "$@" | sha1sum | cut -c1-12)
  [[ -f $dest/.stamp-$key ]] && return 0
  command -v mvn >/dev/null || { echo "maven_jars: Maven (mvn) is needed" >&2; return 1; }
  local work
  work=$(mktemp -d)
  {
    echo '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
    echo '<groupId>sparkwatch</groupId><artifactId>jars</artifactId><version>0</version><dependencies>'
    local spec g a v x
    for spec in "$@"; do
      IFS=: read -r g a v x <<<"$spec"
      echo "<dependency><groupId>$g</groupId><artifactId>$a</artifactId><version>$v</version>"
      [[ -n $x ]] && echo "<exclusions><exclusion><groupId>$x</groupId><artifactId>*</artifactId></exclusion></exclusions>"
      echo '</dependency>'
    done
    echo '</dependencies></project>'
  } >"$work/pom.xml"
  echo "==> fetching $* from Maven Central (once)"
  mkdir -p "$dest"
  (cd "$work" && mvn -q -B dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$dest") || { rm -rf "$work"; return 1; }
  rm -rf "$work"
  touch "$dest/.stamp-$key"
}

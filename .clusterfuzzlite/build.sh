#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz entry point: the real script is fuzz/build.sh,
# which make check also runs, so the two cannot drift apart.
exec sh "$SRC/h1conform/fuzz/build.sh"

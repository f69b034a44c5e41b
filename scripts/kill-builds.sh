#!/usr/bin/env bash
# Kills real builds at random moments and checks that the next build never ships an unwoven
# assembly as a success (issue 9, item 3). Manual, not part of CI: it takes minutes, and its
# moments are random. The tests in Weaver.Tests/Hosts/*IncrementalityTests.cs check the same
# states deterministically.
#
#   scripts/kill-builds.sh task|fody [trials]     (default 10 trials)
#
# Needs the repository built in Debug first (dotnet build Weaver.Tests, or the solution): the task
# host imports build/Task/bin/Debug/netstandard2.0/AutoDiff.Build.targets; the fody host imports
# build/AutoDiff.InSolution.* (which builds Runtime, Generator and Weaver as it goes).
#
# Each trial edits the program (so the compiler must run), starts `dotnet build` in its own
# process group, waits until the compiler has replaced obj/Debug/net10.0/Tiny.dll, sleeps a random
# 0-1.5 s (the weave, Fody's in-place write, the copy to bin/ fall in that window) and kills the
# group with SIGINT (as Ctrl-C) or SIGKILL (as a killed build server), at random. Then it builds
# again to the end: a success whose program does not print "9 6" is a failure. Trials where the
# kill came after the build had finished are counted apart.
set -u
host=${1:?usage: kill-builds.sh task|fody [trials]}
trials=${2:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d /tmp/autodiff-kill-XXXXXX)
trap 'rm -rf "$dir"' EXIT
build() { dotnet build Tiny.csproj --disable-build-servers -nodeReuse:false -clp:NoSummary -v:q "$@"; }

cd "$dir"
write_program() {
  cat > Program.cs <<EOF
using AutoDiff;
using static AutoDiff.Activity;

var (y, dx) = Functions.Bar(3f, 1f);
System.Console.WriteLine(\$"{y} {dx}");

public static partial class Functions
{
    [AutoDiffReverse("Bar", Active, Active)]
    public static float Foo(float x) => x * x; // edit $1
}
EOF
}
write_program 0
case "$host" in
  task) cat > Tiny.csproj <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <Reference Include="$root/Runtime/bin/Debug/net8.0/AutoDiff.Runtime.dll" />
    <Analyzer Include="$root/Generator/bin/Debug/netstandard2.0/AutoDiff.Generator.dll" />
  </ItemGroup>
  <Import Project="$root/build/Task/bin/Debug/netstandard2.0/AutoDiff.Build.targets" />
</Project>
EOF
  ;;
  fody) cat > Tiny.csproj <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <Import Project="$root/build/AutoDiff.InSolution.props" />
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <Import Project="$root/build/AutoDiff.InSolution.targets" />
</Project>
EOF
  ;;
  *) echo "host must be task or fody" >&2; exit 2 ;;
esac

build > first.log 2>&1 || { cat first.log; echo "the first build failed"; exit 1; }
obj=obj/Debug/net10.0/Tiny.dll
killed=0 late=0 stale=0 failures=0 failed_builds=0
for ((t = 1; t <= trials; t++)); do
  write_program "$t"
  before=$(stat -c %y "$obj" 2>/dev/null || echo none)
  setsid dotnet build Tiny.csproj --no-restore --disable-build-servers -nodeReuse:false -clp:NoSummary -v:q > "trial$t.log" 2>&1 &
  group=$!
  # Wait for the compiler's new output (or the end of the build).
  while kill -0 "$group" 2>/dev/null && [ "$(stat -c %y "$obj" 2>/dev/null || echo none)" == "$before" ]; do sleep 0.01; done
  delay=$(awk -v s="$RANDOM" 'BEGIN { srand(s); printf "%.2f", rand() * 1.5 }')
  signal=$([ $((RANDOM % 2)) -eq 0 ] && echo INT || echo KILL)
  sleep "$delay"
  if kill -0 "$group" 2>/dev/null; then
    kill -s "$signal" -- "-$group" 2>/dev/null
    killed=$((killed + 1)); when="killed ($signal) ${delay}s after the compile"
  else
    late=$((late + 1)); when="finished before the kill"
  fi
  wait "$group" 2>/dev/null
  # Let processes of the killed group (a task host) go before the next build.
  while pgrep -g "$group" > /dev/null 2>&1; do sleep 0.05; done
  size=$(stat -c %s "$obj" 2>/dev/null || echo missing)
  # Whether the kill left what the stamp describes (the build got past the weave) or not (the next build must compile again).
  hash=$(sha256sum "$obj" 2>/dev/null | cut -d' ' -f1)
  stamp=$(cut -d' ' -f2 obj/Debug/net10.0/Tiny.autodiff.stamp 2>/dev/null)
  if [ -n "$hash" ] && [ "${hash^^}" == "${stamp^^}" ]; then left="matches its stamp"; else left="does not match its stamp"; stale=$((stale + 1)); fi
  if build --no-restore > "next$t.log" 2>&1; then
    out=$(dotnet bin/Debug/net10.0/Tiny.dll 2>&1 | head -1)
    if [ "$out" == "9 6" ]; then verdict=ok; else verdict="FAILURE: built, but prints: $out"; failures=$((failures + 1)); fi
  else
    verdict="next build failed (not shipped as a success): $(grep -m1 -i error "next$t.log")"; failed_builds=$((failed_builds + 1))
  fi
  echo "trial $t: $when; obj dll then $size bytes, $left; $verdict"
done
echo "$host: $trials trials, $killed killed mid-build, $late finished before the kill, $stale left an assembly its stamp does not describe, $failed_builds next builds failed, $failures unwoven successes"
[ "$failures" -eq 0 ]

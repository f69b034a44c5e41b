#!/usr/bin/env bash
# Mutation testing of the derivative code by a list of deliberate breaks (mutation/mutants.txt).
#
# Each mutant is a precise textual replacement in one file of the weaver (the rule table, the
# forward and reverse emitters). The script copies the work tree to a scratch folder, builds it
# once, checks that the focused tests pass there unmutated, then for each mutant: restores the
# pristine sources, applies the replacement (it must match exactly once, else the list is wrong
# and the script stops), rebuilds only the weaver, copies it beside the built tests and runs the
# focused tests, stopping at the first failure. Verdicts: killed (a test failed), timeout (a test
# hung: counted as detected, as Stryker does), survived (every test passed), compile-error (the
# mutant does not build: not counted). Score = (killed + timeout) / (mutants that built).
#
# The work tree itself is never changed. Why a list and not Stryker.NET: Stryker's mutators change
# C# operators, literals and statements, but the rule table is written in calls (c.Mul, c.Neg,
# c.X), which Stryker leaves alone, so its score would say little about the rules; and its
# static-initializer mutants run every test each (see mutation/README.md).
#
# Usage: scripts/mutants.sh [--only R01,V04,...] [--filter "<dotnet test filter>"] [--no-baseline] [--check] [--reweave] [--clean]
#   --check only applies every mutant to a copy of its file (each old text must occur once) and stops
#   --reweave rebuilds the whole test project for each mutant, so the fixture assemblies are woven
#     again by the mutant weaver and the tests on them (EdgeCaseTests, WovenFixturesTests...) see it;
#     a fixture build that fails (the mutant weaver crashed or refused) counts as killed. Slower:
#     meant for the survivors of a fast run (--only).
#   env MUTANTS_SCRATCH (default /tmp/autodiff-mutants), MUTANTS_RESULTS (default mutation/results.tsv)
# Deterministic: random-program batches run from fixed seeds only (AUTODIFF_SOAK_SEED=0).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
list="$root/mutation/mutants.txt"
scratch="${MUTANTS_SCRATCH:-/tmp/autodiff-mutants}"
results="${MUTANTS_RESULTS:-$root/mutation/results.tsv}"
only=""
baseline=1
check=0
reweave=0
clean=0
# The tests that weave in memory with the engine under test (the fixture assemblies were woven
# when the tests were built, by the unmutated weaver, so they cannot see a mutant), plus two
# fixed-seed batches of random programs; the other random batches take minutes each.
filter='(FullyQualifiedName~AutoDiff.Weaver.Tests.Differentiation|FullyQualifiedName~AutoDiff.Weaver.Tests.EndToEnd|Name~Scalar_batch0_|Name~Memory_batch0_)&FullyQualifiedName!~WovenFixturesTests'

fast_filter="$filter"
filter=""
while [ $# -gt 0 ]; do
  case "$1" in
    --only) only=",$2,"; shift 2 ;;
    --filter) filter="$2"; shift 2 ;;
    --no-baseline) baseline=0; shift ;;
    --check) check=1; shift ;;
    --reweave) reweave=1; shift ;;
    --clean) clean=1; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

if [ -z "$filter" ]; then
  filter="$fast_filter"
  if [ "$reweave" -eq 1 ]; then filter="${filter%&FullyQualifiedName!~WovenFixturesTests}"; fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 AUTODIFF_SOAK_SEED=0

weaver_dll=Weaver/bin/Debug/netstandard2.0/AutoDiff.Fody.dll
tests_bin=Weaver.Tests/bin/Debug/net10.0

defs="$(mktemp -d "${TMPDIR:-/tmp}/mutants.XXXXXX")"
trap 'rm -rf "$defs"' EXIT

# Parse the list: "@ ID path" starts a mutant, "? text" describes it, "- old" / "+ new" pairs
# (text after the two-character prefix, matched as an exact substring) are its replacements.
ids=() ; declare -A file desc pairs
current=""
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in
    "@ "*) read -r _ id path <<< "$line"; current="$id"; ids+=("$id"); file[$id]="$path"; desc[$id]=""; pairs[$id]=0 ;;
    "? "*) desc[$current]="${desc[$current]}${desc[$current]:+ }${line:2}" ;;
    "- "*) n=${pairs[$current]}; printf '%s' "${line:2}" > "$defs/$current-$n.old" ;;
    "+ "*) n=${pairs[$current]}; printf '%s' "${line:2}" > "$defs/$current-$n.new"; pairs[$current]=$((n + 1)) ;;
    "" | "#"*) ;;
    *) echo "mutants.txt: cannot read: $line" >&2; exit 2 ;;
  esac
done < "$list"

apply() { # $1 id [$2 file]: applies every pair to its file (or to $2); fails when an old text does not occur exactly once.
  local id="$1" f="${2:-${file[$1]}}" n
  for ((n = 0; n < ${pairs[$id]}; n++)); do
    OLD_FILE="$defs/$id-$n.old" NEW_FILE="$defs/$id-$n.new" perl -0777 -i -pe '
      BEGIN { local $/; open my $o, "<", $ENV{OLD_FILE} or die; $old = <$o>; open my $n, "<", $ENV{NEW_FILE} or die; $new = <$n>; }
      $count = () = /\Q$old\E/g;
      die "matches $count times: $old\n" unless $count == 1;
      s/\Q$old\E/$new/;' "$f"
  done
}

if [ "$check" -eq 1 ]; then
  bad=0
  for id in "${ids[@]}"; do
    cp "$root/${file[$id]}" "$defs/check.cs"
    apply "$id" "$defs/check.cs" || { echo "$id does not apply" >&2; bad=1; }
    if cmp -s "$root/${file[$id]}" "$defs/check.cs"; then echo "$id changes nothing" >&2; bad=1; fi
  done
  echo "${#ids[@]} mutants in the list; $( [ "$bad" -eq 0 ] && echo 'all apply' || echo 'some do not apply')"
  exit "$bad"
fi

# The scratch copy is kept between runs (an incremental build is much faster than a clean one):
# the work tree's files are copied over it each time, so a mutant left behind by a stopped run
# is overwritten. --clean starts from an empty folder.
echo "copying the work tree to $scratch"
if [ "$clean" -eq 1 ]; then rm -rf "$scratch"; fi
mkdir -p "$scratch"
# Only files that differ are copied, with a new modification time, so that the incremental build
# sees every change (tar would keep the older times, and MSBuild would keep a stale mutant build).
changed=0
while IFS= read -r -d '' f; do
  if ! cmp -s "$root/$f" "$scratch/$f"; then mkdir -p "$scratch/$(dirname "$f")"; cp "$root/$f" "$scratch/$f"; changed=$((changed + 1)); fi
done < <(cd "$root" && git ls-files -co --exclude-standard -z)
echo "$changed files copied"
cd "$scratch"
echo "building (once; incremental over an earlier run's copy)"
dotnet build Weaver.Tests/AutoDiff.Weaver.Tests.csproj -c Debug -nologo -v q > build.log 2>&1 || { tail -20 build.log; exit 1; }

run_tests() { # $1: log file. Exit status 0 passed, 1 failed, 124 timed out.
  local status=0
  timeout --kill-after=30 900 dotnet test Weaver.Tests/AutoDiff.Weaver.Tests.csproj --no-build -nologo \
    --filter "$filter" --blame-hang-timeout 180s -- NUnit.StopOnError=true > "$1" 2>&1 || status=$?
  if [ "$status" -eq 0 ]; then return 0; fi
  if [ "$status" -eq 124 ] || grep -q "inactivity time" "$1"; then return 124; fi
  return 1
}

if [ "$baseline" -eq 1 ]; then
  echo "baseline: the focused tests on the unmutated weaver"
  start=$SECONDS
  if ! run_tests baseline.log; then tail -30 baseline.log; echo "baseline fails: fix that first" >&2; exit 1; fi
  echo "baseline passed in $((SECONDS - start)) s: $(grep -o 'Passed: *[0-9]*' baseline.log | tail -1)"
fi

mkdir -p pristine
printf 'id\tverdict\tseconds\tfile\tdescription\tfirst failing test\n' > results.tsv
killed=0; survived=0; timedout=0; broken=0
for id in "${ids[@]}"; do
  if [ -n "$only" ] && [[ "$only" != *",$id,"* ]]; then continue; fi
  f="${file[$id]}"
  [ -f "pristine/$f" ] || { mkdir -p "pristine/$(dirname "$f")"; cp "$f" "pristine/$f"; }
  start=$SECONDS
  apply "$id" || { echo "mutant $id does not apply: fix mutation/mutants.txt" >&2; exit 2; }
  first=""
  if ! dotnet build Weaver/AutoDiff.Fody.csproj -c Debug --no-restore -nologo -v q > "mutant-$id.build.log" 2>&1; then
    verdict=compile-error; broken=$((broken + 1))
  else
    status=0
    if [ "$reweave" -eq 1 ]; then
      dotnet build Weaver.Tests/AutoDiff.Weaver.Tests.csproj -c Debug --no-restore -nologo -v q > "mutant-$id.fixtures.log" 2>&1 || status=2
    else
      cp "$weaver_dll" "$tests_bin/"
    fi
    if [ "$status" -eq 0 ]; then run_tests "mutant-$id.log" || status=$?; fi
    case "$status" in
      0) verdict=survived; survived=$((survived + 1)) ;;
      124) verdict=timeout; timedout=$((timedout + 1)) ;;
      2) verdict=killed; killed=$((killed + 1)); first="(the fixture build: weaving failed)" ;;
      *) verdict=killed; killed=$((killed + 1))
         first="$(grep -m1 -E '^ +Failed ' "mutant-$id.log" | sed -E 's/^ +Failed //; s/ \[.*//' || true)"
         if [ -z "$first" ]; then # the test host crashed (a stack overflow, invalid IL): name the test it was running
           first="(test host crashed) $(grep -A1 'The test running when the crash occurred' "mutant-$id.log" | tail -1 | sed -E 's/^ *AutoDiff\.Weaver\.Tests\.[A-Za-z]+\.//' || true)"
         fi ;;
    esac
  fi
  cp "pristine/$f" "$f"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$verdict" "$((SECONDS - start))" "$f" "${desc[$id]}" "$first" | tee -a results.tsv
done
# Put the unmutated weaver back beside the tests (and the fixtures woven by it), so the scratch
# build is left as it was built.
if [ "$reweave" -eq 1 ]; then
  dotnet build Weaver.Tests/AutoDiff.Weaver.Tests.csproj -c Debug --no-restore -nologo -v q > /dev/null 2>&1 || true
else
  dotnet build Weaver/AutoDiff.Fody.csproj -c Debug --no-restore -nologo -v q > /dev/null 2>&1 && cp "$weaver_dll" "$tests_bin/"
fi

cp results.tsv "$results"
built=$((killed + survived + timedout))
echo
column -t -s $'\t' results.tsv | cut -c1-200
echo
echo "mutants: $((built + broken)); killed $killed, timeout $timedout, survived $survived, compile errors $broken"
if [ "$built" -gt 0 ]; then
  echo "mutation score: $(( (killed + timedout) * 1000 / built / 10 )).$(( (killed + timedout) * 1000 / built % 10 ))% ($((killed + timedout))/$built)"
fi

#!/usr/bin/env bash
# Bootstrap, dull and pinned on purpose (NUKE's habit): use the installed .NET SDK when it
# satisfies global.json, build the build project, and run it with every argument passed through.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD_PROJECT="$ROOT/build/_build.csproj"
BUILD_DLL="$ROOT/build/bin/Debug/net10.0/_build.dll"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE=1 MSBUILDDISABLENODEREUSE=1

required="$(sed -n 's/.*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$ROOT/global.json" | head -n 1)"
if ! command -v dotnet >/dev/null 2>&1; then
  echo "build.sh: no 'dotnet' on PATH. Install the .NET SDK $required or a later 10.0 feature band" >&2
  echo "          (https://learn.microsoft.com/dotnet/core/install/linux), then run ./build.sh again." >&2
  exit 2
fi
# Inside the repository, 'dotnet --version' honours global.json and fails when no installed SDK fits.
if ! (cd "$ROOT" && dotnet --version >/dev/null 2>&1); then
  echo "build.sh: the installed .NET SDKs ($(dotnet --list-sdks 2>/dev/null | cut -d' ' -f1 | tr '\n' ' '))" >&2
  echo "          do not satisfy global.json (SDK $required, roll forward: latest feature band)." >&2
  echo "          Install .NET SDK $required or a later 10.0.x SDK, then run ./build.sh again." >&2
  exit 2
fi

# A temp folder of its own, removed after: dotnet build leaves two empty folders in the temp folder per call.
scratch="$(mktemp -d "${TMPDIR:-/tmp}/testbed-dotnet-XXXXXX")"
compiled=0
TMPDIR="$scratch" dotnet build "$BUILD_PROJECT" -nologo -v quiet -tl:off -clp:NoSummary -p:WarningLevel=4 >"$ROOT/.nuke/build-compile.log" 2>&1 || compiled=$?
rm -rf "$scratch"
if [ "$compiled" != 0 ]; then
  cat "$ROOT/.nuke/build-compile.log" >&2
  echo "build.sh: the build project did not compile (log above, also in .nuke/build-compile.log)." >&2
  exit 1
fi
exec dotnet "$BUILD_DLL" "$@"

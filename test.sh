#!/usr/bin/env bash
# The test command of README.md: builds the solution in Release and runs every test project.
# Extra arguments go to `dotnet test` (CI adds TRX loggers).
set -euo pipefail
cd "$(dirname "$0")"
dotnet build Pravega.Perf.sln -c Release
dotnet test Pravega.Perf.sln -c Release --no-build "$@"

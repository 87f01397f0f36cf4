#!/usr/bin/env bash
# The test command of README.md: builds the solution in Release and runs every test project (defaults: O_DIRECT WAL,
# sockets), then the end-to-end tests again on the managed WAL and sockets (the defaults where O_DIRECT is missing), on
# the io_uring WAL with sockets, and on io_uring for both the WAL (4 frames in flight per container) and the transport,
# so every back-end passes the same crash, append and bad-input tests (each extra run takes about a minute; where
# io_uring is missing, the io_uring runs fall back to the defaults). Tests marked [Trait("Category", "Cli")] drive the
# `pravega` executable's user verbs and demos end to end; they run once, in the first pass (the store's back-end is not
# what they test). Extra arguments go to `dotnet test` (CI adds TRX loggers).
set -euo pipefail
cd "$(dirname "$0")"
dotnet build Pravega.Perf.sln -c Release
dotnet test Pravega.Perf.sln -c Release --no-build "$@"
for backends in managed io_uring-wal io_uring; do
  echo "integration tests on back-ends: $backends"
  PRAVEGA_TEST_BACKENDS=$backends dotnet test tests/Pravega.Perf.IntegrationTests -c Release --no-build --filter "Category!=Cli" "$@"
done

using Pravega.Perf.LoadHarness.Drivers.Pravega;

namespace Pravega.Perf.LoadHarness.Drivers;

/// <summary>Which system the <c>run</c> verb loads and how to reach it (the command line's driver options).</summary>
/// <remarks>
/// <para><c>Driver</c>: <c>pravega</c>, <c>nats</c> or <c>redis</c>.</para>
/// <para><c>Controller</c>: Pravega: URI of a running controller.</para>
/// <para><c>Embedded</c>: Pravega: start a standalone for the run (spawned: the harness may not reference the hosts, see ARCHITECTURE.md §6).</para>
/// <para><c>DataRoot</c>: Pravega embedded: folder under which the standalone's data goes (on the disk under test).</para>
/// <para><c>ServerDll</c>: Pravega embedded: the <c>pravega</c> host to spawn.</para>
/// <para><c>ServerSettings</c>: Pravega embedded: configuration settings <c>KEY=VALUE</c> for the spawned standalone.</para>
/// </remarks>
internal sealed record DriverOptions(
    string Driver,
    string? Controller,
    bool Embedded,
    string DataRoot,
    string ServerDll,
    string NatsUrl,
    string Redis,
    PravegaDriverOptions Pravega,
    IReadOnlyList<string>? ServerSettings = null);

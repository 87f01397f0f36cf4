using Pravega.Perf.Interop.Files;
using Pravega.Perf.Interop.IoUring;

namespace Pravega.Perf.SegmentStore.Wal;

/// <summary>The WAL back-end a store runs with, and the line its host logs about it.</summary>
/// <param name="Backend"><see cref="WalBackend.Managed"/>, <see cref="WalBackend.IoUring"/> or <see cref="WalBackend.Direct"/> (never Auto).</param>
/// <param name="Description">"WAL: O_DIRECT (synchronous, no ring)", "WAL: io_uring O_DIRECT" or "WAL: managed (why)".</param>
public sealed record WalBackendChoice(WalBackend Backend, string Description)
{
    /// <summary>
    /// Resolves <paramref name="requested"/> for WAL files under <paramref name="dataDirectory"/>: Direct (and Auto's
    /// first choice) needs a successful O_DIRECT probe write in the directory, IoUring also needs
    /// <see cref="Ring.IsSupported"/>. Auto falls back to managed, saying why; an explicit Direct or IoUring that
    /// cannot work throws rather than silently running something else. (tmpfs accepts O_DIRECT since Linux 6.6, so on
    /// this kernel a tmpfs data directory passes the probe.)
    /// </summary>
    /// <exception cref="NotSupportedException">Direct or IoUring was asked for and cannot work here.</exception>
    public static WalBackendChoice Resolve(WalBackend requested, string dataDirectory) => requested switch
    {
        WalBackend.Managed => Decide(requested, null),
        WalBackend.IoUring => Decide(requested, Unavailable(dataDirectory)),
        _ => Decide(requested, DirectUnavailable(dataDirectory)),
    };

    /// <summary>The decision itself, given why the requested back-end cannot be used here (null: it can).</summary>
    internal static WalBackendChoice Decide(WalBackend requested, string? unavailableReason) => requested switch
    {
        WalBackend.Managed => new(WalBackend.Managed, "WAL: managed (configured)"),
        WalBackend.IoUring => unavailableReason is null
            ? new(WalBackend.IoUring, "WAL: io_uring O_DIRECT")
            : throw new NotSupportedException($"WalBackend IoUring is configured but unavailable: {unavailableReason}"),
        WalBackend.Auto => unavailableReason is null ? Direct : new(WalBackend.Managed, $"WAL: managed ({unavailableReason})"),
        WalBackend.Direct => unavailableReason is null
            ? Direct
            : throw new NotSupportedException($"WalBackend Direct is configured but unavailable: {unavailableReason}"),
        _ => throw new ArgumentOutOfRangeException(nameof(requested), requested, null),
    };

    private static WalBackendChoice Direct => new(WalBackend.Direct, "WAL: O_DIRECT (synchronous, no ring)");

    private static string? Unavailable(string dataDirectory)
    {
        if (!Ring.IsSupported)
        {
            return "io_uring unavailable: " + Ring.UnsupportedReason;
        }
        return DirectUnavailable(dataDirectory);
    }

    private static string? DirectUnavailable(string dataDirectory) =>
        DirectFile.IsSupportedIn(dataDirectory, out var reason) ? null : reason;
}

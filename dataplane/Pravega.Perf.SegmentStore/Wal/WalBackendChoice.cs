using Pravega.Perf.Interop.Files;
using Pravega.Perf.Interop.IoUring;

namespace Pravega.Perf.SegmentStore.Wal;

/// <summary>The WAL back-end a store runs with, and the line its host logs about it.</summary>
/// <param name="Backend"><see cref="WalBackend.Managed"/>, <see cref="WalBackend.IoUring"/> or <see cref="WalBackend.Direct"/> (never Auto).</param>
/// <param name="Description">"WAL: io_uring O_DIRECT" or "WAL: managed (why)".</param>
public sealed record WalBackendChoice(WalBackend Backend, string Description)
{
    /// <summary>
    /// Resolves <paramref name="requested"/> for WAL files under <paramref name="dataDirectory"/>: io_uring needs
    /// <see cref="Ring.IsSupported"/> and a successful O_DIRECT probe write in the directory. Auto falls back to managed,
    /// saying why; an explicit IoUring that cannot work throws rather than silently running something else. (tmpfs
    /// accepts O_DIRECT since Linux 6.6, so on this kernel a tmpfs data directory passes the probe.)
    /// </summary>
    /// <exception cref="NotSupportedException">IoUring was asked for and io_uring or O_DIRECT is unavailable.</exception>
    public static WalBackendChoice Resolve(WalBackend requested, string dataDirectory) => requested switch
    {
        WalBackend.Managed => Decide(requested, null),
        WalBackend.Direct => Decide(requested, DirectUnavailable(dataDirectory)),
        _ => Decide(requested, Unavailable(dataDirectory)),
    };

    /// <summary>The decision itself, given why io_uring + O_DIRECT cannot be used here (null: it can).</summary>
    internal static WalBackendChoice Decide(WalBackend requested, string? unavailableReason) => requested switch
    {
        WalBackend.Managed => new(WalBackend.Managed, "WAL: managed (configured)"),
        WalBackend.IoUring => unavailableReason is null
            ? IoUring
            : throw new NotSupportedException($"WalBackend IoUring is configured but unavailable: {unavailableReason}"),
        WalBackend.Auto => unavailableReason is null ? IoUring : new(WalBackend.Managed, $"WAL: managed ({unavailableReason})"),
        WalBackend.Direct => unavailableReason is null
            ? new(WalBackend.Direct, "WAL: O_DIRECT (synchronous, no ring)")
            : throw new NotSupportedException($"WalBackend Direct is configured but unavailable: {unavailableReason}"),
        _ => throw new ArgumentOutOfRangeException(nameof(requested), requested, null),
    };

    private static WalBackendChoice IoUring => new(WalBackend.IoUring, "WAL: io_uring O_DIRECT");

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

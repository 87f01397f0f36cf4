namespace Pravega.Perf.SegmentStore.Wal;

/// <summary>Which WAL device the store builds for each container (<see cref="SegmentStoreOptions.WalBackend"/>).</summary>
public enum WalBackend
{
    /// <summary><see cref="Direct"/> where the data directory accepts O_DIRECT (Linux), else <see cref="Managed"/>:
    /// the back-end that measured fastest end to end (bench/README.md, "WAL device"). io_uring is never chosen
    /// automatically: it did not win here.</summary>
    Auto,

    /// <summary><see cref="FileWalDevice"/>: RandomAccess writes + fdatasync (any OS; IOCP on Windows).</summary>
    Managed,

    /// <summary><see cref="UringWalDevice"/>; the store fails to start if io_uring or O_DIRECT is unavailable.</summary>
    IoUring,

    /// <summary><see cref="DirectWalDevice"/>: O_DIRECT pwrite + fdatasync from the writer thread, no ring (Linux); the
    /// store fails to start if O_DIRECT is unavailable.</summary>
    Direct,
}

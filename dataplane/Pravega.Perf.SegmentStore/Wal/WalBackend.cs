namespace Pravega.Perf.SegmentStore.Wal;

/// <summary>Which WAL device the store builds for each container (<see cref="SegmentStoreOptions.WalBackend"/>).</summary>
public enum WalBackend
{
    /// <summary>io_uring with O_DIRECT where both work (Linux with io_uring allowed, a data directory on a file system
    /// that accepts O_DIRECT: not tmpfs), else managed.</summary>
    Auto,

    /// <summary><see cref="FileWalDevice"/>: RandomAccess writes + fdatasync (any OS; IOCP on Windows).</summary>
    Managed,

    /// <summary><see cref="UringWalDevice"/>; the store fails to start if io_uring or O_DIRECT is unavailable.</summary>
    IoUring,

    /// <summary><see cref="DirectWalDevice"/>: O_DIRECT pwrite + fdatasync from the writer thread, no ring (Linux); the
    /// store fails to start if O_DIRECT is unavailable.</summary>
    Direct,
}

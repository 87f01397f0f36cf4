namespace Pravega.Perf.SegmentStore.Wal;

/// <summary>
/// The Tier-1 write-ahead log of one container: an append-only sequence of frames at increasing addresses.
/// One writer thread calls <see cref="Write"/>; it blocks until the frame is durable (for the file device: written
/// and fdatasync'd), which is the point at which the container may acknowledge what the frame holds.
/// </summary>
/// <remarks>
/// Lifecycle: <see cref="Open"/> (fences out earlier owners), then <see cref="ReadAll"/> once (recovery: it also cuts a
/// torn or corrupt tail, so the next write lands right after the last valid frame), then any number of
/// <see cref="Write"/> and <see cref="TruncateBefore"/>. Not thread-safe: the container serialises the calls.
/// </remarks>
public interface IWalDevice : IDisposable
{
    /// <summary>Opens the log and fences it: the epoch is raised durably, and an owner with an older epoch can no
    /// longer write.</summary>
    /// <returns>The new epoch.</returns>
    long Open();

    /// <summary>The largest frame (header included) <see cref="Write"/> accepts.</summary>
    int MaxFrameLength { get; }

    /// <summary>
    /// Enumerates every valid frame from the oldest retained one, in address order, stopping at the first frame that
    /// is missing, torn or corrupt (bad magic, length, address or CRC32C); that point becomes the end of the log.
    /// Each frame's payload is valid only until the enumeration moves on.
    /// </summary>
    IEnumerable<WalFrame> ReadAll();

    /// <summary>
    /// Durably writes a frame. <paramref name="frame"/> starts with <see cref="WalFrameFormat.HeaderLength"/> bytes
    /// reserved for the header, which the device fills in (magic, length, address, epoch, sequence range, CRC32C).
    /// On failure nothing of the frame counts: the next write goes to the same address.
    /// </summary>
    /// <returns>The frame's address.</returns>
    /// <exception cref="IOException">The write failed or the device was fenced out.</exception>
    long Write(Span<byte> frame, long firstSequence, long lastSequence);

    /// <summary>Allows the space of every frame wholly before <paramref name="address"/> to be reclaimed; recovery then
    /// starts at the first frame at or after it.</summary>
    void TruncateBefore(long address);
}

namespace Pravega.Perf.SegmentStore.Wal;

/// <summary>
/// A WAL device that keeps several frames in flight: the container's writer thread begins a frame's write and goes
/// on filling and beginning the next ones while the first is still being flushed, then collects the writes in the
/// order it began them. Only a collected write counts as durable, and only in order: the container acknowledges a
/// frame once it and every frame before it were collected successfully.
/// </summary>
/// <remarks>
/// <para>Why: with one frame at a time, whatever arrives during a flush waits for that flush to end and then for its
/// own. With frames in flight the next flush starts at once and the disk's queue (which flushes writes in parallel)
/// stays busy. Measured (bench/README.md, "Several WAL frames in flight"), the gain is throughput with big frames;
/// small flushes side by side each got slower, so light loads ack no sooner.</para>
/// <para>Failure contract: once a write fails, every write begun after it fails too, even one that reached the disk
/// (its operations were built on the failed one's). Before the next frame is written, the device makes sure none of
/// the failed writes can be replayed: it overwrites each one's first block, so recovery stops where the failed frame
/// was, and the next frame takes the failed frame's address (as for <see cref="IWalDevice.Write"/>). Frames in flight
/// never straddle log files: a frame that belongs in the next file waits until every earlier one is done, and fails
/// to begin if one of them failed, so recovery's rule "nothing valid here: look at the next file's start" can never
/// skip over a failed frame.</para>
/// <para>Same threading as <see cref="IWalDevice"/>: one writer thread calls <see cref="BeginWrite"/> and
/// <see cref="EndOldestWrite"/>; only <see cref="WriteFinished"/> runs elsewhere.</para>
/// </remarks>
public interface IWalPipeline
{
    /// <summary>Most writes <see cref="BeginWrite"/> may have in flight at once (1: one at a time).</summary>
    int MaxWritesInFlight { get; }

    /// <summary>Writes begun and not yet collected.</summary>
    int WritesInFlight { get; }

    /// <summary>Called, on whichever thread finished it, when a write in flight finishes (either way). It must be short
    /// and must not call back into the device; the writer thread then looks at <see cref="IsOldestWriteDone"/>.</summary>
    Action? WriteFinished { get; set; }

    /// <summary>True if the oldest write in flight has finished, so <see cref="EndOldestWrite"/> will not block.</summary>
    bool IsOldestWriteDone { get; }

    /// <summary>
    /// Fills in the frame's header and begins its durable write; the device copies what it needs, so
    /// <paramref name="frame"/> may change once this returns. Not while <see cref="WritesInFlight"/> is at
    /// <see cref="MaxWritesInFlight"/>, nor after a failed collection until every write in flight was collected
    /// (<see cref="InvalidOperationException"/>). May block: a frame that goes to the next log file first waits for
    /// the writes in flight to finish.
    /// </summary>
    /// <returns>The frame's address.</returns>
    /// <exception cref="IOException">The write could not begin (the device was fenced out, the log is full, an earlier
    /// failed write could not be made unreplayable); nothing of the frame counts.</exception>
    long BeginWrite(Span<byte> frame, long firstSequence, long lastSequence);

    /// <summary>Collects the oldest write in flight, waiting for it if need be.</summary>
    /// <exception cref="IOException">It failed, or an earlier write failed (see the failure contract).</exception>
    void EndOldestWrite();
}

using Pravega.Perf.Common;
using Pravega.Perf.SegmentStore.Contracts.Appends;
using Pravega.Perf.SegmentStore.Contracts.Attributes;
using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Contracts.Reading;

namespace Pravega.Perf.SegmentStore.Contracts;

/// <summary>
/// The segment store as the TCP server (and tests) see it: durable segment operations routed to the owning
/// container. Every mutating call completes only once its operation is durable in the container's write-ahead
/// log; operations on one segment are applied in the order the calls were made (the order of the synchronous part
/// of the calls, for callers on different threads). Errors are <see cref="SegmentStoreException"/> subtypes; a
/// segment whose container is not owned here fails with <see cref="ContainerNotFoundException"/>.
/// </summary>
/// <remarks>Thread-safe. Segment names are Pravega's qualified names (<c>scope/stream/0.#epoch.0</c>).</remarks>
public interface ISegmentStore : IAsyncDisposable
{
    /// <summary>
    /// Appends bytes to a segment; THE hot path, called once per append block (not per event).
    /// </summary>
    /// <param name="segmentName">The segment.</param>
    /// <param name="data">The bytes. They are copied before this method returns (even when the returned task is
    /// still pending), so the caller may reuse or release its buffer at once.</param>
    /// <param name="writer">Exactly-once bookkeeping, applied atomically with the bytes
    /// (<see cref="WriterUpdate.None"/> for a raw append).</param>
    /// <param name="expectedOffset">For a conditional append, the length the segment must have; -1 = unconditional.</param>
    /// <param name="cancellationToken">Cancels only a wait for admission; once the bytes are copied the append
    /// goes ahead.</param>
    /// <returns>The segment length after this append, once the append is durable.</returns>
    /// <exception cref="StreamSegmentNotExistsException">No such segment.</exception>
    /// <exception cref="StreamSegmentSealedException">The segment is sealed.</exception>
    /// <exception cref="BadAttributeUpdateException">The writer's event number is not the expected one (a
    /// retransmission or a gap); nothing was stored.</exception>
    /// <exception cref="BadOffsetException">A conditional append whose <paramref name="expectedOffset"/> is not the
    /// segment length.</exception>
    /// <exception cref="OperationTooLargeException">The append exceeds the maximum operation size.</exception>
    /// <exception cref="CacheFullException">No room in the cache.</exception>
    /// <exception cref="DurableLogException">The log write failed.</exception>
    /// <remarks>
    /// Allocation-free on the steady path: the returned <see cref="ValueTask{T}"/> is backed by a pooled source, so
    /// consume it exactly once (await it, or call <c>AsTask()</c> once) and never touch it again. Validation errors
    /// (missing, sealed, wrong event number, bad offset, too large, cache full, shutting down) are thrown by the call
    /// itself, before it returns; durability errors (<see cref="DurableLogException"/>) fault the task. The appends
    /// of one container become durable in the order they were accepted, a group-commit frame at a time; within a frame
    /// the completions run last to first (so a caller that awaits the oldest wakes once, with the whole frame done),
    /// by default inline on the container's commit thread: keep the continuation short and never block in it on
    /// another store operation. A caller that needs acks in order keeps its own queue (as the server does).
    /// </remarks>
    ValueTask<long> AppendAsync(string segmentName, in AppendData data, in WriterUpdate writer, long expectedOffset,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// The container a segment belongs to (Pravega's segment-to-container mapping), whether or not it runs here.
    /// Appends to the segments of one container complete in the order they were accepted; appends to different
    /// containers complete independently, so a caller that keeps acknowledgements in order needs one queue per
    /// container, not one overall (which would make every ack wait for the slowest container's log).
    /// </summary>
    /// <param name="segmentName">The segment.</param>
    int GetContainerId(string segmentName);

    /// <summary>
    /// True while the store asks its callers to hold new appends back: its cache is full of bytes not yet in Tier-2
    /// and the storage writers are catching up. A server stops reading appends from its connections until
    /// <see cref="WaitForAppendRoomAsync"/> completes (back-pressure instead of failures). An append submitted anyway
    /// is accepted while room lasts and fails with <see cref="CacheFullException"/> once none is left.
    /// </summary>
    bool AppendsThrottled => false;

    /// <summary>Completes when new appends may go on: at once when <see cref="AppendsThrottled"/> is false.</summary>
    /// <param name="cancellationToken">Ends the wait (the caller is closing).</param>
    ValueTask WaitForAppendRoomAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <summary>Creates a segment.</summary>
    /// <param name="segmentName">The new segment's name.</param>
    /// <param name="type">Type flags, kept with the segment.</param>
    /// <param name="attributes">Initial attributes (for a stream segment: <see cref="SegmentAttributes.ScalePolicyType"/>,
    /// <see cref="SegmentAttributes.ScalePolicyRate"/>, <see cref="SegmentAttributes.RolloverSize"/>); may be empty.
    /// The store adds <see cref="SegmentAttributes.CreationTime"/>.</param>
    /// <param name="cancellationToken">Cancels a wait for admission.</param>
    /// <exception cref="StreamSegmentExistsException">The name is taken.</exception>
    Task CreateSegmentAsync(string segmentName, SegmentType type, IReadOnlyCollection<AttributeUpdate> attributes,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a transient segment for a writer, named <c>&lt;parent&gt;#transient.&lt;writer id, 32 hex&gt;.&lt;random,
    /// 32 hex&gt;</c> so it lands in the parent's container. The caller (the connection) deletes it when it closes.
    /// </summary>
    /// <returns>The generated name.</returns>
    Task<string> CreateTransientSegmentAsync(string parentSegmentName, Uuid writerId,
        CancellationToken cancellationToken = default);

    /// <summary>Returns the segment's committed state.</summary>
    /// <exception cref="StreamSegmentNotExistsException">No such segment.</exception>
    Task<SegmentProperties> GetSegmentInfoAsync(string segmentName, CancellationToken cancellationToken = default);

    /// <summary>Seals the segment: no more appends. Idempotent: sealing a sealed segment succeeds.</summary>
    /// <returns>The final length.</returns>
    /// <exception cref="StreamSegmentNotExistsException">No such segment.</exception>
    Task<long> SealAsync(string segmentName, CancellationToken cancellationToken = default);

    /// <summary>Truncates the segment: bytes below <paramref name="offset"/> are no longer readable. Truncating at or
    /// below the current start offset is a no-op.</summary>
    /// <exception cref="BadOffsetException">The offset is beyond the segment length.</exception>
    /// <exception cref="StreamSegmentNotExistsException">No such segment.</exception>
    Task TruncateAsync(string segmentName, long offset, CancellationToken cancellationToken = default);

    /// <summary>Deletes the segment. Pending tail reads on it fail with <see cref="StreamSegmentNotExistsException"/>.</summary>
    /// <exception cref="StreamSegmentNotExistsException">No such segment.</exception>
    Task DeleteAsync(string segmentName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Merges <paramref name="sourceSegmentName"/> into the end of <paramref name="targetSegmentName"/>: seals the source
    /// if needed, then in one durable operation appends all its bytes to the target, adds its event count to the
    /// target's and removes the source. Idempotent: if the source was already merged into this target, returns the
    /// target's current length. Both must live in the same container (transaction and transient segments do).
    /// </summary>
    /// <param name="targetSegmentName">The segment that grows.</param>
    /// <param name="sourceSegmentName">The segment that goes away.</param>
    /// <param name="targetAttributeUpdates">Conditional updates of the target's attributes, applied atomically
    /// with the merge; may be empty.</param>
    /// <param name="cancellationToken">Cancels a wait for admission.</param>
    /// <returns>The target's length after the merge.</returns>
    /// <exception cref="BadAttributeUpdateException">A target attribute condition failed; nothing was merged.</exception>
    /// <exception cref="StreamSegmentSealedException">The target is sealed.</exception>
    /// <exception cref="StreamSegmentNotExistsException">Either segment does not exist (and the source was not merged
    /// into the target before).</exception>
    Task<long> MergeAsync(string targetSegmentName, string sourceSegmentName,
        IReadOnlyCollection<AttributeUpdate> targetAttributeUpdates, CancellationToken cancellationToken = default);

    /// <summary>Returns the values of the given attributes; an absent attribute maps to
    /// <see cref="SegmentAttributes.NullValue"/>.</summary>
    /// <exception cref="StreamSegmentNotExistsException">No such segment.</exception>
    Task<IReadOnlyDictionary<Uuid, long>> GetAttributesAsync(string segmentName, IReadOnlyCollection<Uuid> attributeIds,
        CancellationToken cancellationToken = default);

    /// <summary>Returns one attribute's committed value (<see cref="SegmentAttributes.NullValue"/> if absent). Used by
    /// <c>SetupAppend</c> to learn a writer's last event number.</summary>
    /// <exception cref="StreamSegmentNotExistsException">No such segment.</exception>
    ValueTask<long> GetAttributeAsync(string segmentName, Uuid attributeId, CancellationToken cancellationToken = default);

    /// <summary>Applies attribute updates atomically (all or none), durably.</summary>
    /// <exception cref="BadAttributeUpdateException">A condition failed; nothing was changed.</exception>
    /// <exception cref="StreamSegmentSealedException">The segment is sealed.</exception>
    /// <exception cref="StreamSegmentNotExistsException">No such segment.</exception>
    Task UpdateAttributesAsync(string segmentName, IReadOnlyCollection<AttributeUpdate> updates,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the contiguous committed bytes from <paramref name="offset"/>, at most <paramref name="maxLength"/>
    /// (the store caps it at 2 MiB). If <paramref name="offset"/> is the current length of an open segment, waits
    /// (long poll, no timeout) until the next append commits (then returns its bytes) or the segment is sealed
    /// (then returns empty with <see cref="SegmentReadResult.EndOfSegment"/>). A wait ended by shutdown returns an
    /// empty result with <see cref="SegmentReadResult.AtTail"/>.
    /// </summary>
    /// <param name="segmentName">The segment.</param>
    /// <param name="offset">The first offset wanted.</param>
    /// <param name="maxLength">The most bytes wanted (at least 1).</param>
    /// <param name="cancellationToken">Cancels a tail wait (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>A result the caller must dispose.</returns>
    /// <exception cref="StreamSegmentTruncatedException">The offset is below the start offset.</exception>
    /// <exception cref="BadOffsetException">The offset is beyond the segment length.</exception>
    /// <exception cref="StreamSegmentNotExistsException">No such segment.</exception>
    ValueTask<SegmentReadResult> ReadAsync(string segmentName, long offset, int maxLength,
        CancellationToken cancellationToken = default);
}

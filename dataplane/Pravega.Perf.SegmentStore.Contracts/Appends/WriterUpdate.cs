using Pravega.Perf.Common;
using Pravega.Perf.SegmentStore.Contracts.Attributes;

namespace Pravega.Perf.SegmentStore.Contracts.Appends;

/// <summary>
/// The exactly-once bookkeeping carried by an append. The store applies, in the same durable operation as the
/// bytes, a compare-and-set of the attribute keyed by <see cref="WriterId"/> from
/// <see cref="ExpectedLastEventNumber"/> to <see cref="LastEventNumber"/>, and adds <see cref="EventCount"/> to
/// <see cref="SegmentAttributes.EventCount"/>. If the compare fails (a retransmitted or out-of-order block) the whole
/// append is rejected with <see cref="Exceptions.BadAttributeUpdateException"/> and nothing is stored.
/// </summary>
/// <param name="WriterId">The writer's id (the attribute id).</param>
/// <param name="ExpectedLastEventNumber">The last event number the store must currently hold for the writer
/// (<see cref="SegmentAttributes.NullValue"/> = the writer has never appended), normally the value returned at
/// <c>SetupAppend</c> or the previous append's <see cref="LastEventNumber"/>.</param>
/// <param name="LastEventNumber">The event number of the last event in this append.</param>
/// <param name="EventCount">The number of events in this append.</param>
public readonly record struct WriterUpdate(Uuid WriterId, long ExpectedLastEventNumber, long LastEventNumber, int EventCount)
{
    /// <summary>No writer bookkeeping: a raw byte append (byte streams, internal segments, the <c>#index</c> segment).</summary>
    public static WriterUpdate None => default;

    /// <summary>True if this append carries writer bookkeeping.</summary>
    public bool HasWriter => WriterId != Uuid.Empty;
}

namespace Pravega.Perf.SegmentStore.Server.Connections;

/// <summary>An append handed to the store and not yet acknowledged, queued in submission order for the ack loop.</summary>
/// <param name="Session">The writer's session at submission.</param>
/// <param name="EventNumber">The append's last event number.</param>
/// <param name="PreviousEventNumber">The session's last submitted event number before this append.</param>
/// <param name="RequestId">To echo in the reply.</param>
/// <param name="IsConditional">A conditional append (an offset mismatch is <c>ConditionalCheckFailed</c>).</param>
/// <param name="Bytes">Append bytes counted by flow control.</param>
/// <param name="Completion">The store's result; awaited exactly once, by the ack loop.</param>
/// <param name="RejectedAsDuplicate">Not submitted: its event number does not exceed the previous one.</param>
internal readonly record struct PendingAppend(
    WriterSession Session,
    long EventNumber,
    long PreviousEventNumber,
    long RequestId,
    bool IsConditional,
    long Bytes,
    ValueTask<long> Completion,
    bool RejectedAsDuplicate);

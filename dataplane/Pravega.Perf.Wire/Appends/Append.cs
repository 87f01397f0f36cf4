using Pravega.Perf.Common;

namespace Pravega.Perf.Wire.Appends;

/// <summary>
/// One append as the segment store must store it (reference §2.4 step 5): an APPEND_BLOCK with its
/// APPEND_BLOCK_END, a CONDITIONAL_APPEND or a CONDITIONAL_BLOCK_END, reassembled by <see cref="RequestReader"/>.
/// </summary>
public readonly struct Append
{
    public Append(Uuid writerId, string segment, int eventCount, long lastEventNumber, long requestId,
        bool isConditional, long expectedOffset, in AppendData data)
    {
        WriterId = writerId;
        Segment = segment;
        EventCount = eventCount;
        LastEventNumber = lastEventNumber;
        RequestId = requestId;
        IsConditional = isConditional;
        ExpectedOffset = expectedOffset;
        Data = data;
    }

    public Uuid WriterId { get; }

    /// <summary>The segment the writer was set up for (the string kept since its SETUP_APPEND; not allocated per append).</summary>
    public string Segment { get; }

    public int EventCount { get; }

    public long LastEventNumber { get; }

    /// <summary>The request id to echo in the ack (the SETUP_APPEND's for blocks).</summary>
    public long RequestId { get; }

    /// <summary>True for CONDITIONAL_APPEND and CONDITIONAL_BLOCK_END: store only if the segment length equals <see cref="ExpectedOffset"/>.</summary>
    public bool IsConditional { get; }

    public long ExpectedOffset { get; }

    public AppendData Data { get; }
}

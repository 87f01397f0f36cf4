using Pravega.Perf.Common;

namespace Pravega.Perf.SegmentStore.Server.Connections;

/// <summary>
/// One (segment, writer) append session on a connection, from its SETUP_APPEND on. The read loop submits appends
/// (<see cref="LastSubmitted"/>), the ack loop of the segment's container acknowledges them (<see cref="LastAcked"/>).
/// </summary>
internal sealed class WriterSession
{
    private long _lastSubmitted;

    public WriterSession(Uuid writerId, string segment, long lastEventNumber, bool isUserStreamSegment)
    {
        WriterId = writerId;
        Segment = segment;
        _lastSubmitted = lastEventNumber;
        LastAcked = lastEventNumber;
        IsUserStreamSegment = isUserStreamSegment;
    }

    public Uuid WriterId { get; }

    public string Segment { get; }

    /// <summary>True if appends must be reflected in the segment's <c>#index</c>.</summary>
    public bool IsUserStreamSegment { get; }

    /// <summary>Event number of the last append handed to the store: the expected value of the next one's
    /// compare-and-set.</summary>
    public long LastSubmitted => Volatile.Read(ref _lastSubmitted);

    /// <summary>Event number of the last acknowledged append (the ack loop's alone).</summary>
    public long LastAcked { get; set; }

    /// <summary>The segment's traffic counter for auto-scaling (null when it is not measured).</summary>
    public AutoScale.SegmentTraffic? Traffic { get; init; }

    /// <summary>The ack queue of the segment's container on this connection (set by the read loop on first use).</summary>
    public PendingAppendQueue? Lane { get; set; }

    /// <summary>Set after an error reply: later appends of this session are dropped until a new SETUP_APPEND.</summary>
    public bool Failed { get; set; }

    public void Submit(long eventNumber) => Volatile.Write(ref _lastSubmitted, eventNumber);

    /// <summary>Undoes a failed conditional append, unless a later append was submitted on top of it.</summary>
    public void RollBack(long failedEventNumber, long previousEventNumber) =>
        Interlocked.CompareExchange(ref _lastSubmitted, previousEventNumber, failedEventNumber);
}

using Pravega.Perf.Common;

namespace Pravega.Perf.LoadHarness.Raw;

/// <summary>
/// One (segment, writer id) append session, as SETUP_APPEND opens it: its own event numbers, starting at 1, and
/// the blocks sent but not acknowledged, oldest first. Guarded by its connection's lock.
/// </summary>
internal sealed class WriterSession
{
    private readonly Queue<InflightBlock> _inflight = new(64);

    public WriterSession(int writer, int segmentIndex, string segment, Uuid writerId, long requestId)
    {
        Writer = writer;
        SegmentIndex = segmentIndex;
        Segment = segment;
        WriterId = writerId;
        RequestId = requestId;
    }

    /// <summary>The logical writer (0..writers-1) this session belongs to.</summary>
    public int Writer { get; }

    public int SegmentIndex { get; }

    public string Segment { get; }

    public Uuid WriterId { get; }

    /// <summary>The SETUP_APPEND's request id, echoed in every block end of the session.</summary>
    public long RequestId { get; }

    /// <summary>0 until the first block; event numbers start at 1.</summary>
    public long LastSentEventNumber { get; private set; }

    public long LastAckedEventNumber { get; private set; }

    public long SentEvents { get; private set; }

    public long AckedEvents { get; private set; }

    public int InflightBlocks => _inflight.Count;

    /// <summary>Records a block about to be sent; returns its last event number.</summary>
    public long AddBlock(int events, int bytes, long timestamp)
    {
        LastSentEventNumber += events;
        SentEvents += events;
        _inflight.Enqueue(new InflightBlock(LastSentEventNumber, events, bytes, timestamp));
        return LastSentEventNumber;
    }

    /// <summary>
    /// Applies a cumulative ack. False if it is impossible (not above the last ack, or above what was sent), which
    /// means the server broke the protocol or lost track of this writer.
    /// </summary>
    public bool TryAcknowledge(long eventNumber)
    {
        if (eventNumber <= LastAckedEventNumber || eventNumber > LastSentEventNumber)
        {
            return false;
        }
        LastAckedEventNumber = eventNumber;
        return true;
    }

    /// <summary>Takes the oldest block if the last ack covers it whole.</summary>
    public bool TryTakeAcknowledged(out InflightBlock block)
    {
        if (_inflight.TryPeek(out block) && block.LastEventNumber <= LastAckedEventNumber)
        {
            _inflight.Dequeue();
            AckedEvents += block.Events;
            return true;
        }
        return false;
    }
}

using System.Buffers;
using Pravega.Perf.Common;

namespace Pravega.Perf.Wire.Appends;

/// <summary>
/// A writer set up on the connection, as <see cref="AppendBlockWriter"/> tracks it: the request id its block
/// ends carry, its last event number, and the events queued while another writer's block is open (in a
/// pooled buffer that goes back to the pool when flushed).
/// </summary>
internal sealed class AppendSession
{
    public AppendSession(Uuid writerId, long requestId)
    {
        WriterId = writerId;
        RequestId = requestId;
    }

    public Uuid WriterId { get; }

    public long RequestId { get; set; }

    public long LastEventNumber { get; set; } = WireProtocol.NullAttributeValue;

    public int QueuedBytes { get; private set; }

    public int QueuedEvents { get; private set; }

    public long QueuedLastEventNumber { get; private set; }

    private byte[] _queue = [];

    public ReadOnlySpan<byte> Queued => _queue.AsSpan(0, QueuedBytes);

    public void Enqueue(ReadOnlySpan<byte> head, ReadOnlySpan<byte> body, long eventNumber)
    {
        var needed = QueuedBytes + head.Length + body.Length;
        if (needed > _queue.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(4096, _queue.Length * 2)));
            Queued.CopyTo(bigger);
            ReturnQueue();
            _queue = bigger;
        }
        head.CopyTo(_queue.AsSpan(QueuedBytes));
        body.CopyTo(_queue.AsSpan(QueuedBytes + head.Length));
        QueuedBytes = needed;
        QueuedEvents++;
        QueuedLastEventNumber = eventNumber;
    }

    public void ClearQueue()
    {
        QueuedBytes = 0;
        QueuedEvents = 0;
        ReturnQueue();
        _queue = [];
    }

    private void ReturnQueue()
    {
        if (_queue.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_queue);
        }
    }
}

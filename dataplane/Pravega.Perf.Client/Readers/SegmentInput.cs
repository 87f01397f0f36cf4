using Pravega.Perf.Client.Segments;
using Pravega.Perf.Client.Streams;

namespace Pravega.Perf.Client.Readers;

/// <summary>
/// One segment a reader owns: the bytes read after the next unread event, as the chunks the store sent, refilled by one
/// outstanding read at a time (Pravega's <c>SegmentInputStreamImpl</c>, reference §2.5). At the tail that read waits in
/// the store until data arrives, so a reader sees new events when they are appended, without polling. Events are
/// handed out as slices of the chunks; only an event that straddles two chunks is copied. Reading stops at the end of
/// a sealed segment or at <c>end</c> (a bounded group's end cut).
/// </summary>
internal sealed class SegmentInput : IDisposable
{
    private const int ReadSize = 1024 * 1024;
    private const int BufferLimit = 4 * 1024 * 1024;
    private readonly SegmentStoreClient _segments;
    private readonly long? _end;
    private readonly CancellationTokenSource _cancel = new();
    private readonly Queue<ReadOnlyMemory<byte>> _chunks = new();
    private ReadOnlyMemory<byte> _current;
    private long _buffered;
    private Task<SegmentReadResult>? _outstanding;
    private bool _endOfSegment;

    public SegmentInput(SegmentStoreClient segments, string name, long offset, long? end)
    {
        _segments = segments;
        Name = name;
        Segment = SegmentNames.Parse(name);
        Offset = offset;
        _end = end;
        Fill();
    }

    public string Name { get; }

    public Segment Segment { get; }

    /// <summary>The offset of the next event not yet handed out.</summary>
    public long Offset { get; private set; }

    /// <summary>The read in flight, if any (a reader waits on it when it has nothing buffered).</summary>
    public Task? Outstanding => _outstanding;

    /// <summary>Read to the end: sealed and drained, or at the end cut.</summary>
    public bool IsFinished => (_endOfSegment && _buffered == 0) || (_end is { } end && Offset >= end);

    /// <summary>Takes a completed read into the buffer and issues the next one while there is room.</summary>
    public void Fill()
    {
        if (_outstanding is { IsCompleted: true } done)
        {
            _outstanding = null;
            Take(done);
        }
        var fetchOffset = Offset + _buffered;
        if (_outstanding is null && !_endOfSegment && _buffered < Limit() && !(_end is { } end && fetchOffset >= end))
        {
            var length = (int)Math.Min(ReadSize, (_end ?? long.MaxValue) - fetchOffset);
            _outstanding = _segments.ReadAsync(Name, fetchOffset, length, _cancel.Token);
        }
    }

    /// <summary>How much may be buffered: <see cref="BufferLimit"/>, or more while the next event (up to 8 MiB) is not
    /// all in yet — otherwise an event larger than the limit could never be completed.</summary>
    private long Limit()
    {
        if (_buffered < BufferLimit)
        {
            return BufferLimit;
        }
        Span<byte> header = stackalloc byte[EventFraming.HeaderLength];
        CopyAhead(header);
        return EventFraming.TryReadHeader(header, Offset, out var length) ? Math.Max(BufferLimit, EventFraming.HeaderLength + (long)length) : BufferLimit;
    }

    /// <summary>The next whole event (valid until the next call on this input).</summary>
    public bool TryTakeEvent(out ReadOnlyMemory<byte> payload, out EventPointer pointer)
    {
        payload = default;
        pointer = default;
        while (_current.IsEmpty && _chunks.Count > 0)
        {
            _current = _chunks.Dequeue();
        }
        if (!EventFraming.TryReadHeader(_current.Span, Offset, out var length) || _current.Length - EventFraming.HeaderLength < length)
        {
            if (!TryJoinStraddling())
            {
                return false;
            }
            EventFraming.TryReadHeader(_current.Span, Offset, out length);
        }
        var total = EventFraming.HeaderLength + length;
        payload = _current.Slice(EventFraming.HeaderLength, length);
        pointer = new EventPointer(Segment, Offset, total);
        _current = _current[total..];
        _buffered -= total;
        Offset += total;
        return true;
    }

    /// <summary>
    /// The next event begins in the current chunk and ends in later ones: copies just that event (taking its bytes off
    /// the following chunks) so it can be handed out whole. False when its bytes have not all arrived yet.
    /// </summary>
    private bool TryJoinStraddling()
    {
        if (_buffered < EventFraming.HeaderLength)
        {
            return false;
        }
        Span<byte> header = stackalloc byte[EventFraming.HeaderLength];
        CopyAhead(header);
        EventFraming.TryReadHeader(header, Offset, out var length);
        var total = EventFraming.HeaderLength + length;
        if (_buffered < total)
        {
            return false;
        }
        var joined = new byte[total];
        var copied = _current.Length;
        _current.Span.CopyTo(joined);
        while (copied < total)
        {
            var chunk = _chunks.Peek();
            var take = Math.Min(chunk.Length, total - copied);
            chunk.Span[..take].CopyTo(joined.AsSpan(copied));
            copied += take;
            if (take == chunk.Length)
            {
                _chunks.Dequeue();
            }
            else
            {
                // The rest of this chunk follows the joined event: put it back at the front.
                var rest = chunk[take..];
                var others = _chunks.Skip(1).ToList();
                _chunks.Clear();
                _chunks.Enqueue(rest);
                foreach (var other in others)
                {
                    _chunks.Enqueue(other);
                }
            }
        }
        _current = joined;
        return true;
    }

    /// <summary>Copies the first bytes ahead (across chunks) into <paramref name="target"/>.</summary>
    private void CopyAhead(Span<byte> target)
    {
        var copied = Math.Min(_current.Length, target.Length);
        _current.Span[..copied].CopyTo(target);
        foreach (var chunk in _chunks)
        {
            if (copied == target.Length)
            {
                return;
            }
            var take = Math.Min(chunk.Length, target.Length - copied);
            chunk.Span[..take].CopyTo(target[copied..]);
            copied += take;
        }
    }

    private void Take(Task<SegmentReadResult> read)
    {
        if (read.IsCanceled)
        {
            return;
        }
        if (read.Exception?.InnerException is { } failure)
        {
            switch (failure)
            {
                case SegmentTruncatedException truncated:
                    // The data before the segment's new start is gone: go on from there (Pravega surfaces this as
                    // TruncatedDataException and then does the same).
                    Offset = Math.Max(Offset, truncated.StartOffset);
                    Clear();
                    return;
                case SegmentNotFoundException:
                    // Deleted (its stream deleted or truncated past it): nothing more will come.
                    _endOfSegment = true;
                    Clear();
                    return;
                default:
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
                    return;
            }
        }
        var result = read.Result;
        var data = result.Data;
        if (result.Offset != Offset + _buffered)
        {
            throw new InvalidDataException($"'{Name}': asked for offset {Offset + _buffered}, the store answered {result.Offset}");
        }
        if (_end is { } end && result.Offset + data.Length > end)
        {
            data = data[..(int)(end - result.Offset)];
        }
        if (!data.IsEmpty)
        {
            _chunks.Enqueue(data);
            _buffered += data.Length;
        }
        _endOfSegment = result.EndOfSegment;
    }

    private void Clear()
    {
        _current = default;
        _chunks.Clear();
        _buffered = 0;
    }

    /// <summary>Cancels the read in flight (its token stays valid: the request may still be registering on it).</summary>
    public void Dispose() => _cancel.Cancel();
}

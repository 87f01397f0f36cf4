using Pravega.Perf.Client.Segments;
using Pravega.Perf.Client.Streams;

namespace Pravega.Perf.Client.Readers;

/// <summary>
/// One segment a reader owns: a buffer of the bytes after the next unread event, refilled by one outstanding read at a
/// time (Pravega's <c>SegmentInputStreamImpl</c>, reference §2.5). At the tail that read waits in the store until
/// data arrives, so a reader sees new events when they are appended without polling. Reading stops at the end of a
/// sealed segment or at <c>end</c> (a bounded group's end cut).
/// </summary>
internal sealed class SegmentInput : IDisposable
{
    private const int ReadSize = 256 * 1024;
    private const int BufferLimit = 1024 * 1024;
    private readonly SegmentStoreClient _segments;
    private readonly long? _end;
    private readonly CancellationTokenSource _cancel = new();
    private byte[] _buffer = [];
    private int _start;
    private int _count;
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
    public bool IsFinished => (_endOfSegment && _count == 0) || (_end is { } end && Offset >= end);

    /// <summary>Takes a completed read into the buffer and issues the next one while there is room.</summary>
    public void Fill()
    {
        if (_outstanding is { IsCompleted: true } done)
        {
            _outstanding = null;
            Take(done);
        }
        var fetchOffset = Offset + _count;
        if (_outstanding is null && !_endOfSegment && _count < BufferLimit && !(_end is { } end && fetchOffset >= end))
        {
            var length = (int)Math.Min(ReadSize, (_end ?? long.MaxValue) - fetchOffset);
            _outstanding = _segments.ReadAsync(Name, fetchOffset, length, _cancel.Token);
        }
    }

    /// <summary>The next whole event in the buffer (valid until the next call on this input).</summary>
    public bool TryTakeEvent(out ReadOnlyMemory<byte> payload, out EventPointer pointer)
    {
        payload = default;
        pointer = default;
        if (!EventFraming.TryReadHeader(_buffer.AsSpan(_start, _count), Offset, out var length)
            || _count - EventFraming.HeaderLength < length)
        {
            return false;
        }
        var total = EventFraming.HeaderLength + length;
        payload = _buffer.AsMemory(_start + EventFraming.HeaderLength, length);
        pointer = new EventPointer(Segment, Offset, total);
        _start += total;
        _count -= total;
        Offset += total;
        return true;
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
                    _start = _count = 0;
                    return;
                case SegmentNotFoundException:
                    // Deleted (its stream deleted or truncated past it): nothing more will come.
                    _endOfSegment = true;
                    _start = _count = 0;
                    return;
                default:
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
                    return;
            }
        }
        var result = read.Result;
        var data = result.Data;
        if (result.Offset != Offset + _count)
        {
            throw new InvalidDataException($"'{Name}': asked for offset {Offset + _count}, the store answered {result.Offset}");
        }
        if (_end is { } end && result.Offset + data.Length > end)
        {
            data = data[..(int)(end - result.Offset)];
        }
        Append(data.Span);
        _endOfSegment = result.EndOfSegment;
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (_start + _count + data.Length > _buffer.Length)
        {
            var target = _count + data.Length > _buffer.Length ? new byte[Math.Max(_count + data.Length, _buffer.Length * 2)] : _buffer;
            _buffer.AsSpan(_start, _count).CopyTo(target);
            _buffer = target;
            _start = 0;
        }
        data.CopyTo(_buffer.AsSpan(_start + _count));
        _count += data.Length;
    }

    /// <summary>Cancels the read in flight (its token stays valid: the request may still be registering on it).</summary>
    public void Dispose() => _cancel.Cancel();
}

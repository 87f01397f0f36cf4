using System.Diagnostics.CodeAnalysis;
using Pravega.Perf.Client.Segments;

namespace Pravega.Perf.Client.ByteStreams;

/// <summary>
/// Reads the raw bytes of the single segment of a stream (Pravega's <c>ByteStreamReader</c>, reference §1.15), as a
/// readable, seekable <see cref="Stream"/>. Bytes come in large reads (1 MiB asked per request, up to 4 MiB kept
/// ahead), one in flight while the caller consumes the previous ones, and are copied once, into the caller's buffer.
/// </summary>
/// <remarks>
/// <para><see cref="ReadAsync(Memory{byte}, CancellationToken)"/> returns what is buffered, or waits for data: at the
/// tail of an open segment the store holds the read until bytes are appended, so a reader sees new data without
/// polling. It returns 0 only at the end of a sealed segment (after <see cref="ByteStreamWriter.CloseAndSealAsync"/>).</para>
/// <para>Reading at an offset before the segment's head (dropped by
/// <see cref="ByteStreamWriter.TruncateDataBeforeAsync"/>) throws <see cref="SegmentTruncatedException"/>, whose
/// <see cref="SegmentTruncatedException.StartOffset"/> is the head; the reader stays where it was, so the caller can
/// seek there. Like any <see cref="Stream"/>, one caller at a time.</para>
/// </remarks>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "Pravega's name, which its users know")]
public sealed class ByteStreamReader : Stream
{
    private const int ReadSize = 1024 * 1024;
    private const int BufferLimit = 4 * 1024 * 1024;

    private readonly SingleSegment _segment;
    private readonly Queue<ReadOnlyMemory<byte>> _chunks = new();
    private ReadOnlyMemory<byte> _current;
    private int _buffered;
    private long _offset;
    private bool _endOfSegment;

    /// <summary>Cancels the read in flight when the reader seeks away or closes (a tail read would wait forever).</summary>
    private CancellationTokenSource _cancel = new();
    private Task<SegmentReadResult>? _outstanding;
    private bool _disposed;

    internal ByteStreamReader(SingleSegment segment, long offset)
    {
        _segment = segment;
        _offset = offset;
    }

    /// <summary>The segment read, <c>scope/stream/0.#epoch.0</c>.</summary>
    public string SegmentName => _segment.Name;

    public override bool CanRead => !_disposed;

    public override bool CanSeek => !_disposed;

    public override bool CanWrite => false;

    /// <summary>The offset of the next byte <see cref="ReadAsync(Memory{byte}, CancellationToken)"/> returns (Pravega's
    /// <c>getOffset</c>); setting it seeks (<c>seekToOffset</c>).</summary>
    public override long Position
    {
        get => _offset;
        set => SeekTo(value);
    }

    /// <summary>The segment's tail offset, asked of the store (a blocking call: prefer <see cref="FetchTailOffsetAsync"/>).</summary>
    public override long Length => FetchTailOffsetAsync().GetAwaiter().GetResult();

    /// <summary>Bytes that a read returns at once, without waiting (Pravega's <c>available</c>, except that the end of
    /// a sealed segment is 0 here, not -1).</summary>
    public int Available
    {
        get
        {
            TakeCompletedRead();
            return _buffered;
        }
    }

    /// <summary>The first offset still stored.</summary>
    public Task<long> FetchHeadOffsetAsync(CancellationToken cancellationToken = default) => _segment.FetchHeadOffsetAsync(cancellationToken);

    /// <summary>The offset the next written byte will get (seek there to read only what comes next).</summary>
    public Task<long> FetchTailOffsetAsync(CancellationToken cancellationToken = default) => _segment.FetchTailOffsetAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }
        while (true)
        {
            TakeCompletedRead();
            if (_buffered > 0 || _endOfSegment)
            {
                return CopyOut(buffer);
            }
            WaitForDataAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>
    /// Copies buffered bytes into <paramref name="buffer"/>, or waits for some to arrive; 0 at the end of a sealed
    /// segment. <see cref="SegmentTruncatedException"/> when the position is before the head.
    /// </summary>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }
        while (true)
        {
            TakeCompletedRead();
            if (_buffered > 0 || _endOfSegment)
            {
                return CopyOut(buffer.Span);
            }
            await WaitForDataAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    /// <summary>Moves the position (Pravega's <c>seekToOffset</c>): within the buffered bytes nothing is read again.</summary>
    public override long Seek(long offset, SeekOrigin origin) => SeekTo(origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _offset + offset,
        SeekOrigin.End => FetchTailOffsetAsync().GetAwaiter().GetResult() + offset,
        _ => throw new ArgumentOutOfRangeException(nameof(origin)),
    });

    /// <summary>
    /// Moves forward by up to <paramref name="count"/> bytes, not past the tail (Pravega's <c>skip</c>; truncation
    /// does not matter here): the number of bytes skipped.
    /// </summary>
    public async Task<long> SkipAsync(long count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var tail = await FetchTailOffsetAsync(cancellationToken).ConfigureAwait(false);
        var skipped = Math.Clamp(tail - _offset, 0, count);
        SeekTo(_offset + skipped);
        return skipped;
    }

    public override void Flush()
    {
        // Nothing to flush on a reader (Stream requires the method).
    }

    public override void SetLength(long value) => throw new NotSupportedException("a byte stream reader cannot change the segment's length");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("a byte stream reader cannot write");

    private long SeekTo(long offset)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        TakeCompletedRead();
        if (offset >= _offset && offset - _offset <= _buffered)
        {
            Drop((int)(offset - _offset));
            return _offset;
        }
        // Out of the buffered range: forget what is buffered or on its way, and read anew from there.
        // The old source is not disposed: the abandoned request may still be registering on its token.
        _cancel.Cancel();
        _cancel = new CancellationTokenSource();
        _outstanding = null;
        _chunks.Clear();
        _current = default;
        _buffered = 0;
        _endOfSegment = false;
        _offset = offset;
        return offset;
    }

    /// <summary>Copies up to <paramref name="target"/>'s length out of the buffer (0 when it is empty) and asks for more.</summary>
    private int CopyOut(Span<byte> target)
    {
        var copied = 0;
        while (copied < target.Length && _buffered > 0)
        {
            if (_current.IsEmpty)
            {
                _current = _chunks.Dequeue();
            }
            var take = Math.Min(_current.Length, target.Length - copied);
            _current.Span[..take].CopyTo(target[copied..]);
            _current = _current[take..];
            _buffered -= take;
            copied += take;
        }
        _offset += copied;
        Refill();
        return copied;
    }

    /// <summary>Drops <paramref name="count"/> buffered bytes (a short seek forward).</summary>
    private void Drop(int count)
    {
        _offset += count;
        _buffered -= count;
        while (count > 0)
        {
            if (_current.IsEmpty)
            {
                _current = _chunks.Dequeue();
            }
            var take = Math.Min(_current.Length, count);
            _current = _current[take..];
            count -= take;
        }
    }

    /// <summary>Issues the next read while fewer than <see cref="BufferLimit"/> bytes are buffered.</summary>
    private void Refill()
    {
        if (_outstanding is null && !_endOfSegment && _buffered < BufferLimit && !_disposed)
        {
            _outstanding = _segment.Segments.ReadAsync(_segment.Name, _offset + _buffered, ReadSize, _cancel.Token);
        }
    }

    /// <summary>Waits for the read in flight (issuing one if none is) and takes its bytes in.</summary>
    private async ValueTask WaitForDataAsync(CancellationToken cancellationToken)
    {
        Refill();
        ObjectDisposedException.ThrowIf(_outstanding is null, this);
        // A failed read is thrown by TakeCompletedRead, which first sets the reader's state right.
        await ((Task)_outstanding).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancellationToken.ThrowIfCancellationRequested();
        TakeCompletedRead();
    }

    /// <summary>Moves a completed read into the buffer; a failed one is thrown, leaving the position as it was.</summary>
    private void TakeCompletedRead()
    {
        if (_outstanding is not { IsCompleted: true } done)
        {
            return;
        }
        _outstanding = null;
        var result = done.GetAwaiter().GetResult();
        if (result.Offset != _offset + _buffered)
        {
            throw new InvalidDataException($"'{_segment.Name}': asked for offset {_offset + _buffered}, the store answered {result.Offset}");
        }
        if (!result.Data.IsEmpty)
        {
            _chunks.Enqueue(result.Data);
            _buffered += result.Data.Length;
        }
        _endOfSegment = result.EndOfSegment;
        Refill();
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            await _cancel.CancelAsync().ConfigureAwait(false);
            _outstanding = null;
        }
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _cancel.Cancel();
            _outstanding = null;
        }
        base.Dispose(disposing);
    }
}

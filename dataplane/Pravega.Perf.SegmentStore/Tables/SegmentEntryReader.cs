using System.Buffers;
using Pravega.Perf.SegmentStore.Contracts;

namespace Pravega.Perf.SegmentStore.Tables;

/// <summary>
/// Reads serialized table entries one after the other from [from, to) of a segment through
/// <see cref="ISegmentStore.ReadAsync"/>, into one pooled buffer that always holds a whole entry. Never reads at or
/// past <c>to</c>, so it never waits at the tail. Every entry's checksum is verified.
/// </summary>
internal sealed class SegmentEntryReader : IDisposable
{
    private const int ReadSize = 1 << 20;

    private readonly ISegmentStore _store;
    private readonly string _segment;
    private readonly long _to;
    private byte[] _buffer;
    private long _bufferOffset;
    private int _start;
    private int _end;

    public SegmentEntryReader(ISegmentStore store, string segment, long from, long to)
    {
        _store = store;
        _segment = segment;
        _to = to;
        _bufferOffset = from;
        _buffer = ArrayPool<byte>.Shared.Rent(ReadSize + EntrySerializer.MaxEntryLength);
    }

    /// <summary>Where the next entry starts.</summary>
    public long Position => _bufferOffset + _start;

    /// <summary>The next entry, or null at <c>to</c>. Throws <see cref="InvalidDataException"/> if the bytes there are
    /// not a whole, intact entry.</summary>
    public async ValueTask<ScannedEntry?> ReadNextAsync(CancellationToken cancellationToken)
    {
        if (Position >= _to)
        {
            return null;
        }
        if (!await FillAsync(EntrySerializer.HeaderLength, cancellationToken).ConfigureAwait(false))
        {
            throw Corrupt($"{_to - Position} trailing bytes are too few for an entry header");
        }
        if (!EntrySerializer.TryReadHeader(_buffer.AsSpan(_start, EntrySerializer.HeaderLength), out var header, out var error))
        {
            throw Corrupt(error!);
        }
        var total = header.TotalLength;
        if (!await FillAsync(total, cancellationToken).ConfigureAwait(false))
        {
            throw Corrupt($"an entry of {total} bytes runs past the end ({_to - Position} bytes left)");
        }
        var bytes = _buffer.AsMemory(_start, total);
        if (!EntrySerializer.ChecksumMatches(bytes.Span, header))
        {
            throw Corrupt("checksum mismatch");
        }
        var entry = new ScannedEntry(Position, header, bytes.Slice(EntrySerializer.HeaderLength, header.KeyLength),
            bytes.Slice(EntrySerializer.HeaderLength + header.KeyLength, header.ValueLength));
        _start += total;
        return entry;
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Makes at least <paramref name="count"/> bytes available from <see cref="Position"/>; false if the range
    /// ends first.</summary>
    private async ValueTask<bool> FillAsync(int count, CancellationToken cancellationToken)
    {
        if (_end - _start >= count)
        {
            return true;
        }
        if (_start == _end)
        {
            _bufferOffset += _start;
            _start = _end = 0;
        }
        if (Position + count > _to)
        {
            return false;
        }
        if (_buffer.Length - _start < count)
        {
            // Move the partial entry to the front; the buffer holds a read plus the largest entry, so it then fits.
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }
        while (_end - _start < count)
        {
            var readFrom = _bufferOffset + _end;
            var want = (int)Math.Min(_buffer.Length - _end, _to - readFrom);
            using var result = await _store.ReadAsync(_segment, readFrom, want, cancellationToken).ConfigureAwait(false);
            if (result.Length == 0)
            {
                throw Corrupt($"the segment returned no bytes at {readFrom}");
            }
            result.Data.Span.CopyTo(_buffer.AsSpan(_end));
            _end += result.Length;
        }
        return true;
    }

    private InvalidDataException Corrupt(string reason) =>
        new($"Table segment '{_segment}' has no valid entry at offset {Position}: {reason}.");
}

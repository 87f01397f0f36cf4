using System.Buffers;

namespace Pravega.Perf.SegmentStore.Contracts.Reading;

/// <summary>
/// The result of <see cref="ISegmentStore.ReadAsync"/>: the contiguous bytes available from <see cref="Offset"/>,
/// in pooled memory. The caller must <see cref="Dispose"/> it once the bytes are sent; <see cref="Data"/> is
/// invalid afterwards.
/// </summary>
public sealed class SegmentReadResult : IDisposable
{
    private byte[]? _buffer;
    private readonly int _length;

    /// <summary>Creates a result over <paramref name="length"/> bytes of <paramref name="pooledBuffer"/>, which was
    /// rented from <see cref="ArrayPool{T}.Shared"/> and is returned to it on dispose (null for no data).</summary>
    public SegmentReadResult(long offset, byte[]? pooledBuffer, int length, bool atTail, bool endOfSegment)
    {
        Offset = offset;
        _buffer = pooledBuffer;
        _length = pooledBuffer is null ? 0 : length;
        AtTail = atTail;
        EndOfSegment = endOfSegment;
    }

    /// <summary>The segment offset of the first byte of <see cref="Data"/>.</summary>
    public long Offset { get; }

    /// <summary>The bytes read; empty when a tail wait ended by seal or shutdown.</summary>
    public ReadOnlyMemory<byte> Data => _buffer is null ? ReadOnlyMemory<byte>.Empty : _buffer.AsMemory(0, _length);

    /// <summary>The number of bytes read.</summary>
    public int Length => _buffer is null ? 0 : _length;

    /// <summary>True if the read reached the current end of the segment.</summary>
    public bool AtTail { get; }

    /// <summary>True if the segment is sealed and the read reached its end: nothing more will ever come.</summary>
    public bool EndOfSegment { get; }

    /// <summary>Returns the pooled buffer. Safe to call more than once.</summary>
    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

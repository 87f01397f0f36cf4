using System.Buffers;

namespace Pravega.Perf.SegmentStore.Contracts.Appends;

/// <summary>
/// The bytes of one append, as up to three pieces that are concatenated in order. An <c>AppendBlock</c> carries its
/// data in three places of the socket buffer (the whole events of the block, the head of a partial event, the data
/// of <c>AppendBlockEnd</c>), separated by frame headers; passing the pieces avoids gluing them together first.
/// </summary>
/// <remarks>
/// Ownership: the pieces are borrowed only for the duration of the <see cref="ISegmentStore.AppendAsync"/> call.
/// The store copies them before that call returns (synchronously, even when the returned task is still pending),
/// so the caller may advance its socket buffer as soon as <c>AppendAsync</c> returns.
/// </remarks>
public readonly struct AppendData
{
    /// <summary>One contiguous piece.</summary>
    public AppendData(ReadOnlySequence<byte> first)
        : this(first, ReadOnlySequence<byte>.Empty, ReadOnlySequence<byte>.Empty)
    {
    }

    /// <summary>Two pieces, concatenated.</summary>
    public AppendData(ReadOnlySequence<byte> first, ReadOnlySequence<byte> second)
        : this(first, second, ReadOnlySequence<byte>.Empty)
    {
    }

    /// <summary>Three pieces, concatenated.</summary>
    public AppendData(ReadOnlySequence<byte> first, ReadOnlySequence<byte> second, ReadOnlySequence<byte> third)
    {
        First = first;
        Second = second;
        Third = third;
    }

    /// <summary>One piece from memory (convenient for tests and for small callers).</summary>
    public AppendData(ReadOnlyMemory<byte> data)
        : this(new ReadOnlySequence<byte>(data))
    {
    }

    /// <summary>The first piece.</summary>
    public ReadOnlySequence<byte> First { get; }

    /// <summary>The second piece (may be empty).</summary>
    public ReadOnlySequence<byte> Second { get; }

    /// <summary>The third piece (may be empty).</summary>
    public ReadOnlySequence<byte> Third { get; }

    /// <summary>The total number of bytes.</summary>
    public long Length => First.Length + Second.Length + Third.Length;

    /// <summary>Copies all pieces, in order, to <paramref name="destination"/>, which must hold <see cref="Length"/> bytes.</summary>
    public void CopyTo(Span<byte> destination)
    {
        First.CopyTo(destination);
        var offset = (int)First.Length;
        Second.CopyTo(destination[offset..]);
        offset += (int)Second.Length;
        Third.CopyTo(destination[offset..]);
    }
}

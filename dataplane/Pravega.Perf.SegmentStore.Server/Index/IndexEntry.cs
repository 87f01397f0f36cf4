using System.Buffers.Binary;

namespace Pravega.Perf.SegmentStore.Server.Index;

/// <summary>
/// One record of a <c>&lt;segment&gt;#index</c> segment (reference §2.4 item 10): after appends to a user stream
/// segment, its length (an event boundary), its event count and the time. 24 bytes, big-endian.
/// </summary>
/// <param name="Offset">The segment's length after the appends.</param>
/// <param name="EventCount">The segment's event count at that length.</param>
/// <param name="TimestampMillis">Milliseconds since the Unix epoch.</param>
internal readonly record struct IndexEntry(long Offset, long EventCount, long TimestampMillis)
{
    public const int Size = 24;

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteInt64BigEndian(destination, Offset);
        BinaryPrimitives.WriteInt64BigEndian(destination[8..], EventCount);
        BinaryPrimitives.WriteInt64BigEndian(destination[16..], TimestampMillis);
    }

    public static IndexEntry Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadInt64BigEndian(source),
        BinaryPrimitives.ReadInt64BigEndian(source[8..]),
        BinaryPrimitives.ReadInt64BigEndian(source[16..]));
}

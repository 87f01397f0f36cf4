using System.Buffers.Binary;

namespace Pravega.Perf.LoadHarness.Run;

/// <summary>
/// The first bytes of every event the <c>run</c> verb writes: who wrote it, under which key, its place in that key's
/// sequence and when it was due. Consumers parse it for end-to-end latency and for the correctness verdict, so the
/// check needs nothing but what the system under test delivered.
/// </summary>
/// <param name="Producer">Index of the producer that wrote the event.</param>
/// <param name="Key">Index of the routing key (0 .. --keys - 1).</param>
/// <param name="Sequence">Number of the event among those the producer wrote under this key, from 0.</param>
/// <param name="SendTicks">The intended send time in <see cref="System.Diagnostics.Stopwatch"/> ticks (the schedule, not the actual send, so end-to-end latency includes any publish delay).</param>
internal readonly record struct EventHeader(int Producer, int Key, long Sequence, long SendTicks)
{
    /// <summary>Bytes of the header; the smallest event the verb writes.</summary>
    public const int Size = 24;

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, Producer);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], Key);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], Sequence);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], SendTicks);
    }

    /// <summary>The header at the start of <paramref name="payload"/>, or false when the event is too short to hold one.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out EventHeader header)
    {
        if (payload.Length < Size)
        {
            header = default;
            return false;
        }
        header = new EventHeader(
            BinaryPrimitives.ReadInt32LittleEndian(payload),
            BinaryPrimitives.ReadInt32LittleEndian(payload[4..]),
            BinaryPrimitives.ReadInt64LittleEndian(payload[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(payload[16..]));
        return true;
    }
}

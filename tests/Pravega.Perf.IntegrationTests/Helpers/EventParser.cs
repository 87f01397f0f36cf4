using System.Buffers.Binary;

namespace Pravega.Perf.IntegrationTests.Helpers;

/// <summary>Splits segment bytes into events (<c>[int32 0][int32 length][payload]</c>); fails on anything else, so a
/// torn or partial event anywhere is caught.</summary>
public static class EventParser
{
    public static List<byte[]> Parse(ReadOnlySpan<byte> segment)
    {
        var events = new List<byte[]>();
        var offset = 0;
        while (offset < segment.Length)
        {
            Assert.True(segment.Length - offset >= 8, $"{segment.Length - offset} trailing bytes at {offset} are not a whole event header");
            var type = BinaryPrimitives.ReadInt32BigEndian(segment[offset..]);
            var length = BinaryPrimitives.ReadInt32BigEndian(segment[(offset + 4)..]);
            Assert.True(type == 0 && length >= 0 && length <= segment.Length - offset - 8,
                $"bad event header at {offset}: type {type}, length {length}, {segment.Length - offset - 8} bytes left");
            events.Add(segment.Slice(offset + 8, length).ToArray());
            offset += 8 + length;
        }
        return events;
    }
}

using System.Buffers;

namespace Pravega.Perf.Wire.Tests.Helpers;

/// <summary>Builds multi-segment sequences, to prove decoders do not depend on how the input is chunked.</summary>
internal static class Segmented
{
    /// <summary>Splits <paramref name="data"/> at the given ascending offsets (each segment gets its own array).</summary>
    public static ReadOnlySequence<byte> Split(ReadOnlySpan<byte> data, params int[] cuts)
    {
        var length = data.Length;
        var bounds = cuts.Where(c => c > 0 && c < length).Distinct().Order().Append(length).ToArray();
        if (data.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }
        Chunk? first = null;
        Chunk? last = null;
        var start = 0;
        foreach (var end in bounds)
        {
            var chunk = new Chunk(data[start..end].ToArray());
            if (first is null)
            {
                first = chunk;
            }
            else
            {
                last!.Link(chunk);
            }
            last = chunk;
            start = end;
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    /// <summary>Splits into pieces of at most <paramref name="size"/> bytes.</summary>
    public static ReadOnlySequence<byte> Chunked(ReadOnlySpan<byte> data, int size) =>
        Split(data, [.. Enumerable.Range(1, Math.Max(0, (data.Length - 1) / size)).Select(i => i * size)]);

    private sealed class Chunk : ReadOnlySequenceSegment<byte>
    {
        public Chunk(byte[] bytes)
        {
            Memory = bytes;
        }

        public void Link(Chunk next)
        {
            next.RunningIndex = RunningIndex + Memory.Length;
            Next = next;
        }
    }
}

using System.Collections.Concurrent;
using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Segments;

namespace Pravega.Perf.Controller.Tests.Fakes;

/// <summary>Segments in memory with the segment store's idempotency rules, counting every call so tests can prove "exactly once".</summary>
internal sealed class InMemoryStreamSegments : IStreamSegmentStore
{
    public sealed class Segment
    {
        public long Length { get; set; }

        public long Start { get; set; }

        public bool Sealed { get; set; }

        public ScalingPolicy Policy { get; set; } = ScalingPolicy.Fixed(1);

        public int Creations { get; set; }

        /// <summary>The fixed key length of a table segment; null for a stream segment.</summary>
        public int? TableKeyLength { get; set; }
    }

    public ConcurrentDictionary<string, Segment> Segments { get; } = new(StringComparer.Ordinal);

    /// <summary>Names of every segment ever created (deleted ones included).</summary>
    public ConcurrentBag<string> Created { get; } = [];

    public Task CreateSegmentAsync(string segment, ScalingPolicy policy, long rolloverSizeBytes, CancellationToken cancellationToken)
    {
        if (Segments.TryAdd(segment, new Segment { Policy = policy, Creations = 1 }))
        {
            Created.Add(segment);
        }
        return Task.CompletedTask;
    }

    public Task<long> SealSegmentAsync(string segment, CancellationToken cancellationToken)
    {
        var s = Segments.TryGetValue(segment, out var found) ? found : throw new InvalidOperationException($"seal of missing segment {segment}");
        s.Sealed = true;
        return Task.FromResult(s.Length);
    }

    public Task DeleteSegmentAsync(string segment, CancellationToken cancellationToken)
    {
        Segments.TryRemove(segment, out _);
        return Task.CompletedTask;
    }

    public Task TruncateSegmentAsync(string segment, long offset, CancellationToken cancellationToken)
    {
        var s = Segments[segment];
        s.Start = Math.Max(s.Start, offset);
        return Task.CompletedTask;
    }

    public Task<(long StartOffset, long Length, bool Sealed)?> GetSegmentInfoAsync(string segment, CancellationToken cancellationToken) =>
        Task.FromResult(Segments.TryGetValue(segment, out var s) ? ((long, long, bool)?)(s.Start, s.Length, s.Sealed) : null);

    /// <summary>Bytes of segments that tests fill themselves (index segments); other segments hold lengths only.</summary>
    public ConcurrentDictionary<string, byte[]> Data { get; } = new(StringComparer.Ordinal);

    public Task<ReadOnlyMemory<byte>> ReadSegmentAsync(string segment, long offset, int maxLength, CancellationToken cancellationToken)
    {
        var data = Data.TryGetValue(segment, out var bytes) ? bytes : [];
        var start = (int)Math.Min(offset, data.Length);
        return Task.FromResult<ReadOnlyMemory<byte>>(data.AsMemory(start, Math.Min(maxLength, data.Length - start)));
    }

    public Task UpdatePolicyAsync(string segment, ScalingPolicy policy, CancellationToken cancellationToken)
    {
        Segments[segment].Policy = policy;
        return Task.CompletedTask;
    }

    /// <summary>Every merge done, in order: (target, source, source length).</summary>
    public ConcurrentQueue<(string Target, string Source, long Length)> Merges { get; } = new();

    public Task<long> MergeTransactionSegmentsAsync(string target, IReadOnlyList<string> sources, CancellationToken cancellationToken)
    {
        var t = Segments.TryGetValue(target, out var found) ? found : throw new InvalidOperationException($"merge into missing segment {target}");
        foreach (var source in sources)
        {
            if (!Segments.TryRemove(source, out var s))
            {
                continue;
            }
            if (t.Sealed)
            {
                throw new InvalidOperationException($"merge into sealed segment {target}");
            }
            t.Length += s.Length;
            Merges.Enqueue((target, source, s.Length));
        }
        return Task.FromResult(t.Length);
    }

    public Task CreateTableSegmentAsync(string segment, int keyLength, long rolloverSizeBytes, CancellationToken cancellationToken)
    {
        if (Segments.TryAdd(segment, new Segment { Creations = 1, TableKeyLength = keyLength }))
        {
            Created.Add(segment);
        }
        return Task.CompletedTask;
    }

    public Task DeleteTableSegmentAsync(string segment, CancellationToken cancellationToken) => DeleteSegmentAsync(segment, cancellationToken);

    /// <summary>Appends bytes to a segment (what writers would do), refusing sealed segments.</summary>
    public void Append(string segment, long bytes)
    {
        var s = Segments[segment];
        if (s.Sealed)
        {
            throw new InvalidOperationException($"append to sealed segment {segment}");
        }
        s.Length += bytes;
    }
}

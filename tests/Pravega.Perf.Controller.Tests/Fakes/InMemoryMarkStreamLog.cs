using Pravega.Perf.Client.Watermarks;
using System.Collections.Concurrent;
using Pravega.Perf.Controller.Watermarks;

namespace Pravega.Perf.Controller.Tests.Fakes;

/// <summary>Mark streams in memory, holding each watermark as the serialized bytes the real one stores (with the 8-byte event header counted in the offsets).</summary>
internal sealed class InMemoryMarkStreamLog : IMarkStreamLog
{
    private const int EventHeader = 8;

    private readonly ConcurrentDictionary<string, List<byte[]>> _records = new(StringComparer.Ordinal);

    /// <summary>Set by a test to make the next append find the stream changed (another controller wrote first).</summary>
    public bool FailNextAppend { get; set; }

    public IReadOnlyList<Watermark> Read(string scope, string stream)
    {
        var records = Records(scope, stream);
        lock (records)
        {
            return records.Select(r => WatermarkSerializer.FromBytes(r)).ToList();
        }
    }

    public Task<(Watermark? Last, long End)> ReadLastAsync(string scope, string stream, CancellationToken cancellationToken)
    {
        var records = Records(scope, stream);
        lock (records)
        {
            return Task.FromResult((records.Count == 0 ? null : WatermarkSerializer.FromBytes(records[^1]), End(records)));
        }
    }

    public Task<long?> AppendAsync(string scope, string stream, long expectedEnd, Watermark watermark, CancellationToken cancellationToken)
    {
        var records = Records(scope, stream);
        lock (records)
        {
            if (FailNextAppend || End(records) != expectedEnd)
            {
                FailNextAppend = false;
                return Task.FromResult<long?>(null);
            }
            records.Add(WatermarkSerializer.ToBytes(watermark));
            return Task.FromResult<long?>(End(records));
        }
    }

    private List<byte[]> Records(string scope, string stream) => _records.GetOrAdd($"{scope}/{stream}", _ => []);

    private static long End(List<byte[]> records) => records.Sum(r => (long)EventHeader + r.Length);
}

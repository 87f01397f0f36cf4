using Pravega.Perf.Client.Watermarks;
using System.Collections.Concurrent;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.Client.State;
using Pravega.Perf.Common.Naming;

namespace Pravega.Perf.Controller.Watermarks;

/// <summary>
/// <see cref="IMarkStreamLog"/> over the mark stream's only segment (<c>_MARK&lt;stream&gt;</c> is created fixed(1), so
/// its segment is number 0 of epoch 0) through the client's revisioned stream client: records framed as events,
/// conditional appends, exactly what Pravega's <c>PeriodicWatermarking</c> writes and <c>WatermarkReaderImpl</c> reads.
/// </summary>
public sealed class SegmentMarkStreamLog(SegmentStoreClient client) : IMarkStreamLog
{
    private readonly ConcurrentDictionary<string, RevisionedStreamClient<Watermark>> _clients = new(StringComparer.Ordinal);

    public async Task<(Watermark? Last, long End)> ReadLastAsync(string scope, string stream, CancellationToken cancellationToken)
    {
        var marks = Client(scope, stream);
        var start = await marks.FetchOldestRevisionAsync(cancellationToken).ConfigureAwait(false);
        Watermark? last = null;
        var end = start.Offset;
        await foreach (var record in marks.ReadFromAsync(start, cancellationToken).ConfigureAwait(false))
        {
            last = record.Value;
            end = record.Next.Offset;
        }
        return (last, end);
    }

    public async Task<long?> AppendAsync(string scope, string stream, long expectedEnd, Watermark watermark, CancellationToken cancellationToken)
    {
        var marks = Client(scope, stream);
        var written = await marks.WriteConditionallyAsync(new Revision(marks.Segment, expectedEnd), watermark, cancellationToken).ConfigureAwait(false);
        return written?.Offset;
    }

    private RevisionedStreamClient<Watermark> Client(string scope, string stream)
    {
        var segment = NameUtils.GetQualifiedStreamSegmentName(scope, NameUtils.GetMarkStreamForStream(stream), 0);
        return _clients.GetOrAdd(segment, s => new RevisionedStreamClient<Watermark>(client, s, WatermarkSerializer.Instance));
    }
}
